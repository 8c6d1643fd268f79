// Which card field each column of the file fills: a proposal from the header's words (what
// Chinese showroom sheets call their columns), which the user can change. A column mapped to
// nothing (null) is not dropped: its values go into the card's notes as "表头：值". Only a
// column the user (or the proposal, for a running number like 序号) marks 'ignore' is left out,
// and the mapping screen shows that choice.

export type ImportField =
  | 'name'
  | 'phones'
  | 'wechatId'
  | 'gender'
  | 'city'
  | 'district'
  | 'company'
  | 'birthday'
  | 'source'
  | 'sourceDetail'
  | 'brand'
  | 'model'
  | 'trim'
  | 'colour'
  | 'payment'
  | 'purpose'
  | 'tradeIn'
  | 'competitors'
  | 'expectedPurchaseDate'
  /** 级别 H/A/B/C: becomes the expected purchase date the level stands for (intent is derived). */
  | 'intentLevel'
  /** 登记时间: when the lead was registered; the card's creation time. */
  | 'registeredAt'
  /** 顾问: the consultant the card goes to (a manager's import). */
  | 'owner'
  | 'notes';

/** What a column becomes: a field, 'ignore' (left out, on purpose), or null (into the notes). */
export type ColumnTarget = ImportField | 'ignore' | null;

/** One target per column of the sheet, by column index. */
export type ColumnMapping = ColumnTarget[];

export const IMPORT_FIELDS = [
  'name',
  'phones',
  'wechatId',
  'gender',
  'city',
  'district',
  'company',
  'birthday',
  'source',
  'sourceDetail',
  'brand',
  'model',
  'trim',
  'colour',
  'payment',
  'purpose',
  'tradeIn',
  'competitors',
  'expectedPurchaseDate',
  'intentLevel',
  'registeredAt',
  'owner',
  'notes',
] as const satisfies readonly ImportField[];

/** Fields several columns may fill (two phone columns; several remark columns). */
const REPEATABLE: ReadonlySet<ColumnTarget> = new Set<ColumnTarget>(['phones', 'notes', 'ignore']);

/** Header words per target, normalized (see normalizeHeader). */
const HEADER_WORDS: Record<ImportField | 'ignore', string[]> = {
  name: ['客户姓名', '姓名', '客户名称', '客户名', '联系人', '名字', '客户', 'name', '称呼姓名'],
  phones: [
    '联系电话',
    '手机',
    '手机号',
    '手机号码',
    '电话',
    '电话号码',
    '联系方式',
    '移动电话',
    '客户电话',
    'phone',
    'mobile',
    'tel',
  ],
  wechatId: ['微信', '微信号', 'wechat', '微信id'],
  gender: ['性别', 'gender', 'sex'],
  city: ['城市', '所在城市', '所在地', 'city'],
  district: ['区县', '区域', '所在区', 'district'],
  company: ['公司', '单位', '公司名称', '工作单位', 'company'],
  birthday: ['生日', '出生日期', 'birthday'],
  source: ['来源', '客户来源', '信息来源', '线索来源', '渠道', '来源渠道', 'source'],
  sourceDetail: ['来源详情', '推荐人', '活动名称', '介绍人'],
  brand: ['品牌', '意向品牌', 'brand'],
  model: ['意向车型', '车型', '关注车型', '意向车系', '车系', 'model'],
  trim: ['配置', '意向配置', 'trim'],
  colour: ['颜色', '意向颜色', '车身颜色', 'colour', 'color'],
  payment: ['付款方式', '购车方式', '支付方式', 'payment'],
  purpose: ['用途', '购车用途', 'purpose'],
  tradeIn: ['置换车辆', '现有车辆', '置换', '现用车型'],
  competitors: ['竞品', '对比车型', '竞品车型'],
  expectedPurchaseDate: ['预计购车时间', '预计购车日期', '预购时间', '计划购车时间'],
  intentLevel: ['级别', '意向级别', '客户级别', '等级', '意向等级'],
  registeredAt: ['登记时间', '登记日期', '到店时间', '来店时间', '创建时间', '录入时间', '日期'],
  owner: ['顾问', '销售顾问', '销售', '负责人', '所属顾问', '跟进人', '跟进顾问'],
  notes: ['备注', '说明', '留言', '备注信息', '客户需求', 'remark', 'remarks', 'notes', 'note'],
  ignore: ['序号', '编号', '行号', 'no', 'no.', '#'],
};

/** Traditional forms (Big5 files from Taiwan and Hong Kong offices) of the main header words. */
const TRADITIONAL_WORDS: Partial<Record<ImportField | 'ignore', string[]>> = {
  name: ['客戶姓名', '客戶名稱', '聯絡人', '聯繫人'],
  phones: ['聯繫電話', '聯絡電話', '電話', '手機', '手機號碼', '電話號碼', '聯絡方式'],
  wechatId: ['微信號'],
  gender: ['性別'],
  source: ['來源', '客戶來源'],
  model: ['意向車型', '車型'],
  registeredAt: ['登記時間', '登記日期'],
  owner: ['顧問', '銷售顧問', '負責人'],
  notes: ['備註', '說明'],
  ignore: ['序號', '編號'],
};

/** Full-width to half-width, lowercase, no spaces or decoration like "*" (required) or "(必填)". */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*:：_-]/g, '');
}

const EXACT = new Map<string, ImportField | 'ignore'>();
for (const table of [HEADER_WORDS, TRADITIONAL_WORDS]) {
  for (const [target, words] of Object.entries(table) as [ImportField | 'ignore', string[]][]) {
    for (const word of words) EXACT.set(normalizeHeader(word), target);
  }
}

/**
 * The target a header's words suggest, or null. An exact word wins; else the longest known word
 * inside the header, a word at its end counting most ("联系人电话" is a phone, "客户来源渠道" a
 * source): Chinese headers put the noun that says what the column holds last.
 */
export function targetForHeader(header: string): ImportField | 'ignore' | null {
  const normalized = normalizeHeader(header);
  if (normalized === '') return null;
  const exact = EXACT.get(normalized);
  if (exact) return exact;
  let best: { target: ImportField | 'ignore'; score: number } | null = null;
  for (const [word, target] of EXACT) {
    // One-letter ASCII words ("#") and "no" would match inside anything.
    if (word.length < 2 || (/^[a-z.#]+$/.test(word) && word.length < 4)) continue;
    if (!normalized.includes(word)) continue;
    const score = word.length + (normalized.endsWith(word) ? 10 : 0);
    if (!best || score > best.score) best = { target, score };
  }
  return best?.target ?? null;
}

/** A proposal for every column; a field that only one column may fill goes to the first. */
export function proposeMapping(headers: readonly string[]): ColumnMapping {
  const taken = new Set<ColumnTarget>();
  return headers.map((header) => {
    const target = targetForHeader(header);
    if (target === null) return null;
    if (taken.has(target) && !REPEATABLE.has(target)) return null;
    taken.add(target);
    return target;
  });
}

/**
 * A key for a header layout, stable across files that share it (next week's registration sheet
 * from the same show): the normalized headers in order, hashed. A remembered mapping is stored
 * under it; the hash keeps the key short for any number of columns.
 */
export function headerLayoutKey(headers: readonly string[]): string {
  const text = headers.map(normalizeHeader).join('\u001f');
  // FNV-1a, 32 bits: no security meaning, only a short stable name for the layout.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `layout-v1-${headers.length}-${hash.toString(16).padStart(8, '0')}`;
}
