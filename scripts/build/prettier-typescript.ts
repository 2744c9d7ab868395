/**
 * What the CLI bundle gets for `import … from 'prettier'` (tsup.config.ts aliases it here).
 * json-schema-to-typescript only calls `format(code, {parser: 'typescript', …})`; Prettier's Node
 * entry would bundle every language it supports (about 5 MB), while the standalone build with the
 * TypeScript and ESTree plugins formats the same output in about a third of that.
 */

import type { Options } from 'prettier';
import * as estree from 'prettier/plugins/estree';
import * as typescript from 'prettier/plugins/typescript';
import { format as formatStandalone } from 'prettier/standalone';

export function format(source: string, options: Options = {}): Promise<string> {
  return formatStandalone(source, { ...options, plugins: [typescript, estree] });
}

export default { format };
