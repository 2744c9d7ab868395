/** Node glue for workbooks: read an `.xlsx` file (size checked first) into assessments. */

import { readFile, stat } from 'node:fs/promises';
import { issue, type MgiIssue } from '../errors';
import { type Limits, resolveLimits } from '../limits';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { DEFAULT_XLSX_LIMITS } from './_read';
import { xlsxToAssessments } from './assessments';

/** Read one `.xlsx` file into assessments, with the issues and warnings naming the file. */
export async function loadXlsxAssessments(
  file: string,
  options: { matrix?: Matrix; limits?: Partial<Limits> } = {},
): Promise<{ assessments: Assessment[]; sources: string[]; issues: MgiIssue[]; warnings: MgiIssue[] }> {
  const max = Math.min(resolveLimits(options.limits).maxFileBytes, DEFAULT_XLSX_LIMITS.maxFileBytes);
  let bytes: Uint8Array;
  try {
    const st = await stat(file);
    if (!st.isFile())
      return {
        assessments: [],
        sources: [],
        warnings: [],
        issues: [issue('not-a-file', [], `${file} is not a file`, { source: file })],
      };
    if (st.size > max)
      return {
        assessments: [],
        sources: [],
        warnings: [],
        issues: [
          issue('too-large', [], `${file} is ${st.size} bytes; the limit for workbooks is ${max}`, {
            source: file,
          }),
        ],
      };
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      assessments: [],
      sources: [],
      warnings: [],
      issues: [
        code === 'ENOENT'
          ? issue('file-not-found', [], `no such file: ${file}`, { source: file })
          : issue('read-failed', [], `cannot read ${file}: ${(e as Error).message}`, { source: file }),
      ],
    };
  }
  const r = xlsxToAssessments(bytes, { source: file, matrix: options.matrix, limits: options.limits });
  return {
    assessments: r.assessments,
    sources: r.assessments.map((a) => `${file} (${a.entity} ${a.year})`),
    issues: r.issues,
    warnings: r.warnings,
  };
}
