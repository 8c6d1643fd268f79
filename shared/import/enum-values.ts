// The words offices use for a choice (来源 "车展/展会/车展现场", 性别 "先生/女士") mapped to the
// app's values. A proposal per distinct value of the column, which the user can change; a value
// mapped to null is not lost: it goes into the notes ("性别：保密").

import type { CustomerSource, Gender, PaymentMethod, PurchasePurpose } from '../domain/customer';
import type { IntentLevel } from '../domain/intent';

export type EnumFieldValues = {
  gender: Gender;
  source: CustomerSource;
  payment: PaymentMethod;
  purpose: PurchasePurpose;
  intentLevel: IntentLevel;
};

export type EnumField = keyof EnumFieldValues;

export const ENUM_FIELDS = [
  'gender',
  'source',
  'payment',
  'purpose',
  'intentLevel',
] as const satisfies readonly EnumField[];

/** Per field: each distinct cell text (trimmed) → the app's value, or null (into the notes). */
export type EnumMappings = { [Field in EnumField]?: Record<string, EnumFieldValues[Field] | null> };

type Words<Value extends string> = { value: Value; words: string[] }[];

const WORDS: { [Field in EnumField]: Words<EnumFieldValues[Field]> } = {
  gender: [
    { value: 'male', words: ['男', '先生', '男士', '男性', 'm', 'male', '男生'] },
    { value: 'female', words: ['女', '女士', '小姐', '女性', '太太', 'f', 'female', '女生'] },
  ],
  source: [
    {
      value: 'event',
      words: ['车展', '展会', '车展现场', '活动', '外展', '巡展', '团购会', '展厅活动', '试驾会'],
    },
    {
      value: 'walk_in',
      words: ['到店', '自然到店', '进店', '来店', '展厅', '展厅到店', '自然进店'],
    },
    { value: 'phone_in', words: ['来电', '电话', '400', '热线', '电话咨询', '来电咨询'] },
    {
      value: 'online',
      words: [
        '网络',
        '网络线索',
        '网上',
        '线上',
        '官网',
        '汽车之家',
        '懂车帝',
        '易车',
        '抖音',
        '电商',
      ],
    },
    { value: 'referral', words: ['转介绍', '推荐', '介绍', '老客户介绍', '朋友介绍', '老带新'] },
    { value: 'existing_owner', words: ['老车主', '保客', '增购', '老客户', '再购'] },
    { value: 'other', words: ['其他', '其它'] },
  ],
  payment: [
    { value: 'full', words: ['全款', '一次性', '一次性付款', '现金'] },
    { value: 'loan', words: ['贷款', '分期', '按揭', '金融', '车贷'] },
    { value: 'lease', words: ['租赁', '融资租赁', '以租代购'] },
  ],
  purpose: [
    { value: 'own_use', words: ['自用', '家用', '代步', '个人'] },
    { value: 'gift', words: ['送人', '赠送', '礼物'] },
    { value: 'business', words: ['商务', '公司用', '公用', '商用', '公务'] },
  ],
  intentLevel: [
    { value: 'H', words: ['h', 'h级', 'h类'] },
    { value: 'A', words: ['a', 'a级', 'a类'] },
    { value: 'B', words: ['b', 'b级', 'b类'] },
    { value: 'C', words: ['c', 'c级', 'c类'] },
  ],
};

function normalizeValue(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
}

/** The app's value for one cell text, or null when no known word matches. */
export function proposeEnumValue<Field extends EnumField>(
  field: Field,
  text: string,
): EnumFieldValues[Field] | null {
  const words: Words<EnumFieldValues[Field]> = WORDS[field];
  const normalized = normalizeValue(text);
  if (normalized === '') return null;
  for (const entry of words) {
    if (entry.words.some((word) => normalizeValue(word) === normalized)) return entry.value;
  }
  // "车展现场-广州" or "汽车之家网络线索": the longest known word inside the text.
  let best: { value: EnumFieldValues[Field]; length: number } | null = null;
  for (const entry of words) {
    for (const word of entry.words) {
      const known = normalizeValue(word);
      if (known.length < 2 || !normalized.includes(known)) continue;
      if (!best || known.length > best.length) best = { value: entry.value, length: known.length };
    }
  }
  return best?.value ?? null;
}

/** A proposal for each distinct text of an enum column. */
export function proposeEnumMapping<Field extends EnumField>(
  field: Field,
  texts: Iterable<string>,
): Record<string, EnumFieldValues[Field] | null> {
  const mapping: Record<string, EnumFieldValues[Field] | null> = {};
  for (const text of texts) {
    const key = text.trim();
    if (key === '' || key in mapping) continue;
    mapping[key] = proposeEnumValue(field, key);
  }
  return mapping;
}

/** True when the text is only a word for the value (no detail such as which show). */
export function isPlainEnumWord(field: EnumField, text: string): boolean {
  const normalized = normalizeValue(text);
  return WORDS[field].some((entry) =>
    entry.words.some((word) => normalizeValue(word) === normalized),
  );
}
