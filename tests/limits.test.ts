import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  MgiError,
  parseMatrix,
  safeParseAssessment,
  safeParseMatrix,
  score,
} from '../src/index';
import { runCli } from './fixtures/cli';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

describe('size limits give clear errors instead of exhaustion', () => {
  it('documents generous defaults', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxIndicators: 5000,
      maxThemes: 500,
      maxDepth: 64,
      maxYears: 200,
    });
  });

  it('too many indicators is a too-many issue naming the limit to raise', () => {
    const r = safeParseMatrix(workedMatrix, { limits: { maxIndicators: 2 } });
    expect(!r.success && r.issues[0]).toMatchObject({
      code: 'too-many',
      path: ['indicators'],
      message: '3 indicators; the limit is 2',
      hint: 'raise it with the option limits.maxIndicators or --limit maxIndicators=<n>',
    });
    expect(parseMatrix(workedMatrix, { limits: { maxIndicators: 3 } }).indicators).toHaveLength(3);
  });

  it('too many observations in one assessment', () => {
    const r = safeParseAssessment(workedAssessment(2021, 1, 2, 'partial'), {
      limits: { maxObservations: 2 },
    });
    expect(!r.success && r.issues[0]!.code).toBe('too-many');
  });

  it('nesting deeper than the limit', () => {
    const r = safeParseMatrix(`${'['.repeat(10)}${']'.repeat(10)}`, { limits: { maxDepth: 5 } });
    expect(!r.success && r.issues[0]!.code).toBe('too-deep');
  });

  it('too many entities in one batch throw before any scoring; too many years leave that entity out, named in the errors', () => {
    const a = (entity: string, year: number) => ({ ...workedAssessment(year, 1, 2, 'partial'), entity });
    expect(() => score(workedMatrix, [a('A', 2020), a('B', 2020)], { limits: { maxEntities: 1 } })).toThrow(
      MgiError,
    );
    // Issue 19 #7: the limit applies to the entity that exceeds it, not to the whole batch.
    const r = score(workedMatrix, [a('A', 2020), a('A', 2021), a('B', 2020)], { limits: { maxYears: 1 } });
    expect(r.scorecards.map((c) => c.entity)).toEqual(['B']);
    expect(r.errors[0]!.message).toMatch(/2 years for entity A; the limit is 1/);
  });

  it('the CLI takes --limit name=value and rejects unknown limit names with a hint', () => {
    const r = runCli(['validate', 'indicators/moldova-dmd.json', '--limit', 'maxIndicators=10']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('indicators: 65 indicators; the limit is 10');
    const f = runCli(['validate', 'indicators/moldova-dmd.json', '--limit', 'maxFileBytes=1000']);
    expect(f.code).toBe(1);
    expect(f.stderr).toContain('[too-large]');
    const bad = runCli(['validate', 'indicators/moldova-dmd.json', '--limit', 'maxIndicator=10']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean maxIndicators?');
  });
});
