import { type IssuePath, issue, type MgiIssue } from './errors';

// Checks of JSON values given as objects (not text), shared by the parsers and the compiled-matrix
// cache, so that scoring can validate a matrix object without reaching the text reader.

export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Forbidden keys and non-plain objects or arrays anywhere in `value`, into `issues`. */
export function scanKeys(
  value: unknown,
  path: (string | number)[],
  issues: MgiIssue[],
  depth: number,
  maxDepth: number,
): void {
  if (value === null || typeof value !== 'object' || issues.length > 100) return;
  if (depth > maxDepth) {
    issues.push(issue('too-deep', path, `nesting deeper than ${maxDepth} levels`));
    return;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) {
      issues.push(issue('invalid-type', path, 'expected a plain JSON array'));
      return;
    }
    for (let i = 0; i < value.length; i++) scanKeys(value[i], [...path, i], issues, depth + 1, maxDepth);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push(forbiddenKey(path, key));
      continue;
    }
    scanKeys((value as Record<string, unknown>)[key], [...path, key], issues, depth + 1, maxDepth);
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    issues.push(issue('invalid-type', path, 'expected a plain JSON object'));
  }
}

/** An issue when `value` is not an object with `"format": expected`. */
export function checkFormat(value: unknown, expected: string, path: IssuePath = []): MgiIssue | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return issue('invalid-type', path, `expected a JSON object with "format": "${expected}"`);
  }
  const format = (value as { format?: unknown }).format;
  if (format === expected) return null;
  if (format === undefined) {
    return issue('unknown-format', [...path, 'format'], `missing "format"; expected "${expected}"`, {
      expected,
    });
  }
  return issue(
    'unknown-format',
    [...path, 'format'],
    `expected format "${expected}", received ${typeof format === 'string' ? JSON.stringify(format) : `a ${typeof format}`}`,
    {
      expected,
      received: typeof format === 'string' ? format : typeof format,
    },
  );
}

/** The issues with `source` added where they have none. */
export function withSrc(issues: readonly MgiIssue[], source: string | undefined): MgiIssue[] {
  return source === undefined
    ? [...issues]
    : issues.map((i) => (i.source === undefined ? { ...i, source } : i));
}

/** The issue for a key no mgi-engine input may hold (`__proto__`, `constructor`, `prototype`). */
export function forbiddenKey(path: readonly (string | number)[], key: string): MgiIssue {
  return issue(
    'forbidden-key',
    [...path, key],
    `the key "${key}" is not allowed anywhere in mgi-engine input`,
  );
}
