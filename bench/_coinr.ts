/**
 * Row 1c: the UNDP HDI for 193 countries × 33 years, parse + score per country-year, by mgi and by
 * COINr (the JRC's R package) in the same run. Skipped, with the reason, where `Rscript` or COINr
 * is not installed (the project does not install R). Run alone: `npx tsx bench/_coinr.ts` after
 * `npm run build`.
 *
 * The data are synthetic with real shapes (life expectancy 40–85 years, expected schooling 4–20,
 * mean schooling 1–14, GNI per capita 500–120,000 PPP $), from a fixed seed. Both sides read the
 * same values from text and compute the HDI with the UNDP goalposts: dimension indices between
 * goalposts (GNI on a log scale: COINr normalises ln GNI between ln 100 and ln 75,000), education
 * the arithmetic mean of its two indices, HDI the geometric mean of the three. mgi: `JSON.parse`
 * + `safeParseAssessment` of each country-year + `scoreColumns()`. COINr: `read.csv` +
 * `new_coin(split_to = "all")` + `Normalise(n_goalposts)` + `Aggregate(a_amean, a_gmean)`, timed
 * inside R (R's start-up is left out). The two HDIs are compared.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Goal, goal, type Lib, loadLib, median, r3, scratch } from './_common';

const COUNTRIES = 193;
const YEARS = 33;

const R_SCRIPT = `
suppressPackageStartupMessages(library(COINr))
args <- commandArgs(trailingOnly = TRUE)
runs <- c()
for (k in 1:3) {
  t0 <- proc.time()[["elapsed"]]
  iData <- read.csv(args[1], stringsAsFactors = FALSE)
  iMeta <- read.csv(args[2], stringsAsFactors = FALSE, na.strings = "")
  purse <- new_coin(iData, iMeta, split_to = "all", quietly = TRUE)
  purse <- Normalise(purse, dset = "Raw", global_specs = list(f_n = "n_goalposts", f_n_para = "use_iMeta"), global = FALSE)
  purse <- Aggregate(purse, dset = "Normalised", f_ag = c("a_amean", "a_gmean"))
  runs <- c(runs, proc.time()[["elapsed"]] - t0)
}
out <- get_dset(purse, "Aggregated")
write.csv(data.frame(uCode = out$uCode, Time = out$Time, HDI = sprintf("%.17g", out$HDI)), args[3], row.names = FALSE)
cat(sprintf("%.6f", median(runs)), as.character(packageVersion("COINr")), "\\n")
`;

/** A seeded generator (mulberry32), so the data are the same in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  readonly code: string;
  readonly year: number;
  readonly le: number;
  readonly eys: number;
  readonly mys: number;
  readonly gni: number;
}

function data(): Row[] {
  const rnd = random(1018);
  const rows: Row[] = [];
  for (let c = 0; c < COUNTRIES; c++) {
    const code = `C${String(c).padStart(3, '0')}`;
    const level = rnd();
    for (let y = 0; y < YEARS; y++) {
      const g = (y / YEARS) * 0.15;
      const r2 = (x: number) => Math.round(x * 100) / 100;
      rows.push({
        code,
        year: 1990 + y,
        le: r2(40 + 45 * Math.min(1, level * 0.9 + g + rnd() * 0.05)),
        eys: r2(4 + 16 * Math.min(1, level * 0.85 + g + rnd() * 0.05)),
        mys: r2(1 + 13 * Math.min(1, level * 0.8 + g + rnd() * 0.05)),
        gni: Math.round(500 * 240 ** Math.min(1, level * 0.9 + g + rnd() * 0.05)),
      });
    }
  }
  return rows;
}

const hdiMatrix = {
  format: 'mgi-engine/matrix@1',
  id: 'hdi-bench',
  version: '1.0.0',
  title: 'HDI',
  themes: [
    { id: 'hdi', title: 'HDI', aggregation: 'geometric' },
    { id: 'health', title: 'Health', parent: 'hdi' },
    { id: 'education', title: 'Education', parent: 'hdi' },
    { id: 'income', title: 'Income', parent: 'hdi' },
  ],
  indicators: [
    ['le', 'health', 20, 85, false],
    ['eys', 'education', 0, 18, false],
    ['mys', 'education', 0, 15, false],
    ['gni', 'income', 100, 75000, true],
  ].map(([id, theme, min, max, log]) => ({
    id,
    theme,
    title: id,
    kind: 'quantitative',
    direction: 'increase',
    goalposts: { min, max, ...(log ? { log: true } : {}) },
    normalisation: 'goalposts',
  })),
};

/** mgi's side: median ms of parse + score of the whole panel, and the HDI (0–100) per row. */
function mgiSide(lib: Lib, texts: readonly string[]): { ms: number; hdi: Map<string, number> } {
  const runs: number[] = [];
  let hdi = new Map<string, number>();
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const assessments = texts.map((t) => {
      const r = lib.safeParseAssessment(JSON.parse(t));
      if (!r.success) throw new Error(r.issues[0]!.message);
      return r.data;
    });
    const cols = lib.scoreColumns(hdiMatrix as never, assessments, { trace: false });
    runs.push(performance.now() - t0);
    hdi = new Map(
      Array.from({ length: cols.length }, (_, i) => [`${cols.entity(i)} ${cols.year(i)}`, cols.overall[i]!]),
    );
  }
  return { ms: median(runs), hdi };
}

export interface CoinrBench {
  readonly skipped: string | null;
  readonly goals: Goal[];
  readonly result: Record<string, number | string> | null;
}

/** Row 1c, or the reason it is skipped. */
export async function hdiVsCoinr(lib?: Lib): Promise<CoinrBench> {
  const probe = spawnSync('Rscript', ['-e', 'suppressPackageStartupMessages(library(COINr))'], {
    encoding: 'utf8',
  });
  if (probe.error || probe.status !== 0)
    return {
      skipped: probe.error ? 'Rscript is not installed' : 'the R package COINr is not installed',
      goals: [],
      result: null,
    };
  const l = lib ?? (await loadLib());
  const rows = data();
  const tmp = scratch();
  try {
    const iData = join(tmp.dir, 'iData.csv');
    const iMeta = join(tmp.dir, 'iMeta.csv');
    const out = join(tmp.dir, 'hdi.csv');
    const script = join(tmp.dir, 'hdi.R');
    writeFileSync(
      iData,
      `uCode,Time,LE,EYS,MYS,LGNI\n${rows.map((r) => `${r.code},${r.year},${r.le},${r.eys},${r.mys},${Math.log(r.gni)}`).join('\n')}\n`,
    );
    writeFileSync(
      iMeta,
      [
        'iCode,iName,Level,Parent,Weight,Direction,Type,goalpost_lower,goalpost_upper,goalpost_scale,goalpost_trunc2posts',
        'LE,LE,1,Health,1,1,Indicator,20,85,100,TRUE',
        'EYS,EYS,1,Education,1,1,Indicator,0,18,100,TRUE',
        'MYS,MYS,1,Education,1,1,Indicator,0,15,100,TRUE',
        `LGNI,LGNI,1,Income,1,1,Indicator,${Math.log(100)},${Math.log(75000)},100,TRUE`,
        'Health,Health,2,HDI,1,1,Aggregate,,,,',
        'Education,Education,2,HDI,1,1,Aggregate,,,,',
        'Income,Income,2,HDI,1,1,Aggregate,,,,',
        'HDI,HDI,3,,1,1,Aggregate,,,,',
      ].join('\n'),
    );
    writeFileSync(script, R_SCRIPT);
    const r = spawnSync('Rscript', [script, iData, iMeta, out], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0)
      return { skipped: `COINr failed: ${r.stderr.trim().split('\n').at(-1)}`, goals: [], result: null };
    const [rSeconds, version] = r.stdout.trim().split(/\s+/);
    const texts = rows.map((x) =>
      JSON.stringify({
        format: 'mgi-engine/assessment@1',
        matrix: 'hdi-bench@1.0.0',
        entity: x.code,
        year: x.year,
        observations: {
          le: { value: x.le },
          eys: { value: x.eys },
          mys: { value: x.mys },
          gni: { value: x.gni },
        },
      }),
    );
    const mine = mgiSide(l, texts);
    const theirs = (await import('node:fs')).readFileSync(out, 'utf8').trim().split('\n').slice(1);
    let maxDiff = 0;
    for (const line of theirs) {
      const [code, year, h] = line.replaceAll('"', '').split(',');
      maxDiff = Math.max(maxDiff, Math.abs(mine.hdi.get(`${code} ${year}`)! - Number(h)));
    }
    const n = rows.length;
    const coinrMs = Number(rSeconds) * 1000;
    const ratio = mine.ms / coinrMs;
    return {
      skipped: null,
      goals: [
        goal('1c', `HDI ${COUNTRIES} × ${YEARS}, parse + score: mgi ÷ COINr ${version}`, ratio, '×', 1 / 30),
      ],
      result: {
        countryYears: n,
        coinrVersion: version!,
        coinrMsPerCountryYear: r3(coinrMs / n),
        mgiMsPerCountryYear: r3(mine.ms / n),
        coinrOverMgi: r3(coinrMs / mine.ms),
        maxHdiDifference: maxDiff,
      },
    };
  } finally {
    tmp.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await hdiVsCoinr();
  console.log(JSON.stringify(r, null, 2));
}
