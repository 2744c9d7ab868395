/**
 * Collection templates: a workbook a focal point fills without training. Sheet 1 gives the
 * instructions in the chosen language (year, deadline, how to report "not available", whom to
 * contact); sheet `Data` lists exactly the indicators and formula inputs the institution reports
 * (from `responsible`; all without an institution), one row each, with the reference columns (id,
 * title, unit, baseline, the target for the year, the previous value) locked and the cells to fill
 * unlocked: `value` (validated as a number), `level` (a dropdown of the indicator's levels),
 * `missing`, one cell per breakdown category (`sex:female`, validated as numbers), `source`,
 * `evidence`, `note`. The sheet is protected without a password, so headers and references cannot
 * be changed by accident. A hidden sheet `_mgi` marks the workbook as a template, so the reader
 * skips the reference columns. Filled, the `Data` sheet is a long-format sheet that
 * {@link xlsxToAssessments} reads back.
 *
 * Browser-safe.
 */

import type { Language } from '../dimensions';
import { issue, MgiError } from '../errors';
import { textIn } from '../schema/_common';
import type { Assessment } from '../schema/assessment';
import { formulaInputs } from '../schema/assessment-for-matrix';
import type { Indicator, Matrix } from '../schema/matrix';
import { columnLetters, Style, type Validation, writeWorkbook, type XCell } from './_write';
import { TEMPLATE_MARKER_SHEET } from './assessments';

/** Options of {@link templateWorkbook}. */
export interface TemplateOptions {
  readonly year: number;
  readonly entity: string;
  /** Only the indicators this institution is `responsible` for (matched ignoring case); all when left out. */
  readonly institution?: string | undefined;
  readonly lang?: Language | undefined;
  /** Earlier assessments of the entity: the latest value before `year` fills the `previous` column. */
  readonly previous?: readonly Assessment[] | undefined;
  /** Shown in the instructions when given (a date or words: "31 March 2026"). */
  readonly deadline?: string | undefined;
  /** Whom to contact, shown in the instructions when given. */
  readonly contact?: string | undefined;
}

/** One row of the data sheet: an indicator or a formula input. */
interface TemplateRow {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly kind: 'number' | 'level';
  readonly levels: readonly string[];
  readonly baseline: string | number | undefined;
  readonly target: string | number | undefined;
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

/**
 * Write a collection template for one entity, year and (optionally) institution: the bytes of an
 * `.xlsx` file. Deterministic. Throws {@link MgiError} (`unknown-field`) for an institution no
 * indicator names in `responsible`.
 *
 * @example
 * ```ts
 * const bytes = templateWorkbook(matrix, { year: 2025, entity: 'MDA', institution: 'MFAEI', lang: 'fr' });
 * ```
 */
export function templateWorkbook(matrix: Matrix, options: TemplateOptions): Uint8Array {
  const lang = options.lang ?? 'en';
  const rows = templateRows(matrix, options, lang);
  const dims = breakdownColumns(rows);
  const data = dataSheet(matrix, options, rows, dims, lang);
  const t = TEXT[lang];
  const instructions = [
    [{ v: textIn(matrix.title, lang), s: Style.title }],
    [t.for(options.entity, options.year, options.institution)],
    ...(options.deadline ? [[t.deadline(options.deadline)]] : []),
    [''],
    ...t.steps.map((s) => [{ v: s, s: Style.wrap }]),
    [''],
    [{ v: options.contact ? t.contact(options.contact) : t.contactDefault, s: Style.wrap }],
  ];
  const marker = [
    ['mgi-engine template'],
    [`${matrix.id}@${matrix.version}`],
    [options.entity],
    [options.year],
    [options.institution ?? ''],
  ];
  return writeWorkbook([
    { name: t.sheet, rows: instructions, widths: [110], protect: true },
    data,
    { name: TEMPLATE_MARKER_SHEET, rows: marker, hidden: true, protect: true },
  ]);
}

// --- internal ---

function templateRows(matrix: Matrix, options: TemplateOptions, lang: Language): TemplateRow[] {
  const who = options.institution?.trim().toLowerCase();
  const reports = (ind: Indicator) =>
    who === undefined || (ind.responsible ?? []).some((r) => r.trim().toLowerCase() === who);
  const chosen = matrix.indicators.filter(reports);
  if (who !== undefined && chosen.length === 0) {
    const known = [...new Set(matrix.indicators.flatMap((i) => i.responsible ?? []))].sort();
    throw new MgiError([
      issue(
        'unknown-field',
        ['institution'],
        `no indicator of ${matrix.id}@${matrix.version} names "${options.institution}" in "responsible"`,
        { hint: known.length > 0 ? `institutions: ${known.join('; ')}` : 'the matrix names no institutions' },
      ),
    ]);
  }
  const rows: TemplateRow[] = [];
  for (const ind of chosen) {
    if (ind.kind === 'formula') continue;
    rows.push(indicatorRow(ind, options.year, lang));
  }
  const formulas = new Set(chosen.filter((i) => i.kind === 'formula').map((i) => i.id));
  const reportable = new Set(rows.map((r) => r.id));
  for (const input of formulaInputs(matrix)) {
    if (reportable.has(input.id) || !input.usedBy.some((u) => formulas.has(u))) continue;
    rows.push({
      id: input.id,
      title: `${TEXT[lang].input} ${input.usedBy.join(', ')}`,
      unit: '',
      kind: 'number',
      levels: [],
      baseline: undefined,
      target: undefined,
      categories: input.categories,
    });
  }
  return rows;
}

function indicatorRow(
  ind: Exclude<Indicator, { kind: 'formula' }>,
  year: number,
  lang: Language,
): TemplateRow {
  const title = textIn(ind.title, lang);
  if (ind.kind === 'qualitative') {
    return {
      id: ind.id,
      title,
      unit: '',
      kind: 'level',
      levels: ind.levels.map((l) => l.id),
      baseline: ind.baseline?.level,
      target: targetFor(ind.targets, year),
      categories: {},
    };
  }
  return {
    id: ind.id,
    title,
    unit: ind.unit ?? '',
    kind: 'number',
    levels: [],
    baseline: ind.baseline?.value,
    target: targetFor(ind.targets, year),
    categories: ind.disaggregation ?? {},
  };
}

/** The milestone for the year, else the final target written with its year ("30 (2026)"). */
function targetFor(
  targets: Readonly<Record<string, string | number>> | undefined,
  year: number,
): string | number | undefined {
  if (!targets) return undefined;
  const own = targets[String(year)];
  if (own !== undefined) return own;
  const years = Object.keys(targets).sort();
  const last = years[years.length - 1];
  return last === undefined ? undefined : `${targets[last]} (${last})`;
}

function breakdownColumns(rows: readonly TemplateRow[]): string[] {
  const out: string[] = [];
  for (const r of rows)
    for (const [dim, cats] of Object.entries(r.categories))
      for (const c of cats) if (!out.includes(`${dim}:${c}`)) out.push(`${dim}:${c}`);
  return out;
}

function previousValue(options: TemplateOptions, id: string): string | number | undefined {
  let best: { year: number; v: string | number } | undefined;
  for (const a of options.previous ?? []) {
    if (a.entity !== options.entity || a.year >= options.year) continue;
    const o = a.observations[id];
    const v = o?.value ?? o?.level;
    if (v !== undefined && (!best || a.year > best.year)) best = { year: a.year, v };
  }
  return best?.v;
}

function dataSheet(
  matrix: Matrix,
  options: TemplateOptions,
  rows: readonly TemplateRow[],
  dims: readonly string[],
  lang: Language,
) {
  const withInstitution = options.institution !== undefined;
  const header = [
    'entity',
    'year',
    'matrix',
    ...(withInstitution ? ['submittedBy'] : []),
    'indicator',
    'title',
    'unit',
    'baseline',
    'target',
    'previous',
    'value',
    'level',
    'missing',
    ...dims,
    'source',
    'evidence',
    'note',
  ];
  const at = (name: string) => columnLetters(header.indexOf(name));
  const numbers: string[] = [];
  const validations: Validation[] = [];
  const body = rows.map((r, i): XCell[] => {
    const n = i + 2;
    const cell = (_name: string, v: XCell['v'], s?: number): XCell => (s === undefined ? { v } : { v, s });
    const editable = (name: string, on: boolean, number = false) => {
      if (on && number) numbers.push(`${at(name)}${n}`);
      return cell(name, null, on ? (number ? Style.inputNumber : Style.input) : Style.locked);
    };
    if (r.kind === 'level')
      validations.push({
        type: 'list',
        sqref: `${at('level')}${n}`,
        list: r.levels,
        prompt: TEXT[lang].levelPrompt,
      });
    return [
      cell('entity', options.entity),
      cell('year', options.year),
      cell('matrix', `${matrix.id}@${matrix.version}`),
      ...(withInstitution ? [cell('submittedBy', options.institution!)] : []),
      cell('indicator', r.id),
      cell('title', r.title),
      cell('unit', r.unit),
      cell('baseline', r.baseline ?? null),
      cell('target', r.target ?? null),
      cell('previous', previousValue(options, r.id) ?? null),
      editable('value', r.kind === 'number', true),
      editable('level', r.kind === 'level'),
      editable('missing', true),
      ...dims.map((d) =>
        editable(d, (r.categories[d.split(':')[0]!] ?? []).includes(d.split(':')[1]!), true),
      ),
      editable('source', true),
      editable('evidence', true),
      editable('note', true),
    ];
  });
  if (numbers.length > 0)
    validations.unshift({ type: 'decimal', sqref: numbers.join(' '), prompt: TEXT[lang].numberPrompt });
  const widths = header.map((h) =>
    h === 'title' ? 50 : h === 'matrix' ? 22 : h === 'note' || h === 'evidence' ? 30 : 14,
  );
  return {
    name: 'Data',
    rows: [header.map((h) => ({ v: h, s: Style.header })), ...body],
    widths,
    freezeRows: 1,
    protect: true,
    validations,
  };
}

interface Texts {
  readonly sheet: string;
  readonly input: string;
  for(entity: string, year: number, institution: string | undefined): string;
  deadline(d: string): string;
  readonly steps: readonly string[];
  contact(c: string): string;
  readonly contactDefault: string;
  readonly levelPrompt: string;
  readonly numberPrompt: string;
}

const TEXT: Record<Language, Texts> = {
  en: {
    sheet: 'Instructions',
    input: 'Input of formula',
    for: (e, y, i) => `Reporting for ${e}, year ${y}${i ? `, by ${i}` : ''}.`,
    deadline: (d) => `Please return this file by ${d}.`,
    steps: [
      '1. Go to the sheet "Data". There is one row per indicator you report; fill the yellow cells (the other columns are for reference and locked).',
      '2. For a number, type it in "value" (a plain number: no % sign, no thousands separators). For a qualitative indicator, choose the level in "level" from the list.',
      '3. If a value is not available, leave "value" and "level" empty and write the reason in "missing".',
      '4. Where there are columns such as "sex:female", give the value for that category too.',
      '5. Say where the figure comes from in "source"; a link or document in "evidence"; anything else in "note".',
      '6. Do not add, delete or rename rows, columns or sheets. Save as .xlsx and send the file back.',
    ],
    contact: (c) => `Questions: ${c}.`,
    contactDefault: 'Questions: contact the coordinating office that sent you this file.',
    levelPrompt: 'Choose a level from the list',
    numberPrompt: 'A number: no % sign, no thousands separators',
  },
  fr: {
    sheet: 'Instructions',
    input: 'Donnée de la formule',
    for: (e, y, i) => `Rapport pour ${e}, année ${y}${i ? `, par ${i}` : ''}.`,
    deadline: (d) => `Merci de renvoyer ce fichier avant le ${d}.`,
    steps: [
      '1. Allez à la feuille « Data ». Une ligne par indicateur dont vous rendez compte ; remplissez les cellules jaunes (les autres colonnes sont des références, verrouillées).',
      '2. Pour un nombre, saisissez-le dans « value » (un nombre simple : sans signe %, sans séparateur de milliers). Pour un indicateur qualitatif, choisissez le niveau dans la liste de « level ».',
      '3. Si une valeur n’est pas disponible, laissez « value » et « level » vides et écrivez la raison dans « missing ».',
      '4. S’il y a des colonnes comme « sex:female », donnez aussi la valeur pour cette catégorie.',
      '5. Indiquez la provenance du chiffre dans « source », un lien ou un document dans « evidence », toute autre remarque dans « note ».',
      '6. N’ajoutez, ne supprimez ni ne renommez de lignes, colonnes ou feuilles. Enregistrez au format .xlsx et renvoyez le fichier.',
    ],
    contact: (c) => `Questions : ${c}.`,
    contactDefault: 'Questions : contactez le bureau de coordination qui vous a envoyé ce fichier.',
    levelPrompt: 'Choisissez un niveau dans la liste',
    numberPrompt: 'Un nombre : sans signe %, sans séparateur de milliers',
  },
  es: {
    sheet: 'Instrucciones',
    input: 'Dato de la fórmula',
    for: (e, y, i) => `Informe de ${e}, año ${y}${i ? `, por ${i}` : ''}.`,
    deadline: (d) => `Devuelva este archivo antes del ${d}.`,
    steps: [
      '1. Vaya a la hoja «Data». Hay una fila por indicador que usted informa; rellene las celdas amarillas (las demás columnas son de referencia y están bloqueadas).',
      '2. Para un número, escríbalo en «value» (un número simple: sin signo %, sin separador de miles). Para un indicador cualitativo, elija el nivel de la lista en «level».',
      '3. Si un valor no está disponible, deje «value» y «level» vacíos y escriba el motivo en «missing».',
      '4. Si hay columnas como «sex:female», indique también el valor de esa categoría.',
      '5. Indique de dónde viene la cifra en «source», un enlace o documento en «evidence» y cualquier otra cosa en «note».',
      '6. No añada, borre ni cambie el nombre de filas, columnas u hojas. Guarde como .xlsx y devuelva el archivo.',
    ],
    contact: (c) => `Preguntas: ${c}.`,
    contactDefault: 'Preguntas: contacte con la oficina de coordinación que le envió este archivo.',
    levelPrompt: 'Elija un nivel de la lista',
    numberPrompt: 'Un número: sin signo %, sin separador de miles',
  },
  ro: {
    sheet: 'Instrucțiuni',
    input: 'Dată de intrare a formulei',
    for: (e, y, i) => `Raportare pentru ${e}, anul ${y}${i ? `, de către ${i}` : ''}.`,
    deadline: (d) => `Vă rugăm să returnați acest fișier până la ${d}.`,
    steps: [
      '1. Deschideți foaia „Data”. Există un rând pentru fiecare indicator pe care îl raportați; completați celulele galbene (celelalte coloane sunt de referință și blocate).',
      '2. Pentru un număr, scrieți-l în „value” (un număr simplu: fără semnul %, fără separator de mii). Pentru un indicator calitativ, alegeți nivelul din lista din „level”.',
      '3. Dacă o valoare nu este disponibilă, lăsați „value” și „level” goale și scrieți motivul în „missing”.',
      '4. Unde există coloane precum „sex:female”, indicați și valoarea pentru acea categorie.',
      '5. Indicați de unde provine cifra în „source”, un link sau un document în „evidence”, orice altceva în „note”.',
      '6. Nu adăugați, nu ștergeți și nu redenumiți rânduri, coloane sau foi. Salvați ca .xlsx și trimiteți fișierul înapoi.',
    ],
    contact: (c) => `Întrebări: ${c}.`,
    contactDefault: 'Întrebări: contactați biroul de coordonare care v-a trimis acest fișier.',
    levelPrompt: 'Alegeți un nivel din listă',
    numberPrompt: 'Un număr: fără semnul %, fără separator de mii',
  },
  ru: {
    sheet: 'Инструкции',
    input: 'Входные данные формулы',
    for: (e, y, i) => `Отчётность: ${e}, ${y} год${i ? `, представляет ${i}` : ''}.`,
    deadline: (d) => `Пожалуйста, верните этот файл до ${d}.`,
    steps: [
      '1. Перейдите на лист «Data». Одна строка на каждый индикатор, о котором вы отчитываетесь; заполните жёлтые ячейки (остальные столбцы справочные и заблокированы).',
      '2. Число введите в «value» (простое число: без знака %, без разделителя тысяч). Для качественного индикатора выберите уровень из списка в «level».',
      '3. Если значение недоступно, оставьте «value» и «level» пустыми и укажите причину в «missing».',
      '4. Если есть столбцы вроде «sex:female», укажите значение и для этой категории.',
      '5. Укажите источник цифры в «source», ссылку или документ в «evidence», всё прочее в «note».',
      '6. Не добавляйте, не удаляйте и не переименовывайте строки, столбцы или листы. Сохраните в формате .xlsx и отправьте файл обратно.',
    ],
    contact: (c) => `Вопросы: ${c}.`,
    contactDefault: 'Вопросы: обратитесь в координирующее бюро, которое прислало вам этот файл.',
    levelPrompt: 'Выберите уровень из списка',
    numberPrompt: 'Число: без знака %, без разделителя тысяч',
  },
};
