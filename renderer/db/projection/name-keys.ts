// The keys a customer's name is sorted and searched by, worked out once per card: its pinyin
// (Chinese dictionary order, as a consultant reads a list of names) and the initials of its
// syllables (`wxm` for 王小明). Comparing these with `<` is what keeps a sort of 100,000 names
// fast; a collator's localeCompare per comparison is several times slower.
//
// The full-pinyin search (`wangx` → 王小明) needs no key of its own: the sort key spells the
// syllables apart ("wang xiao ming"), and an entry typed without spaces is split into syllables
// here (`pinyinPrefixes`), each reading found by binary search in the name order itself.

import { pinyin } from 'pinyin-pro';

/**
 * Every toneless syllable of Mandarin as pinyin-pro spells it with `v: true` (ü as v), plus the
 * interjections it can return. A test checks that it covers every common character's reading.
 */
const SYLLABLES = new Set(
  `a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang
  cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang
  chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian
  diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo
  fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han
  hang hao he hei hen heng hm hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao
  jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai
  kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo
  long lou lu luan lun luo lv lve m ma mai man mang mao me mei men meng mi mian miao mie min ming
  miu mo mou mu n na nai nan nang nao ne nei nen neng ng ni nian niang niao nie nin ning niu nong
  nou nu nuan nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po
  pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
  rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she
  shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun
  suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan
  wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang
  yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan
  zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong
  zou zu zuan zui zun zuo`.split(/\s+/),
);

/** Every beginning of a syllable: what the last, half-typed syllable of a search may be. */
const SYLLABLE_STARTS = new Set(
  [...SYLLABLES].flatMap((syllable) =>
    Array.from({ length: syllable.length }, (_, end) => syllable.slice(0, end + 1)),
  ),
);

/** A search of letters is read as pinyin only up to this length (no name is longer). */
const MAX_PINYIN_SEARCH = 24;
/** Readings of one search tried at most (`xian`: xian, xi an, xia n); names have few syllables. */
const MAX_READINGS = 32;

export type NameKeys = {
  /** Sort key: the name's pinyin, syllables (and Latin words) apart by one space, lower case. */
  readonly sortKey: string;
  /** The first letter of each syllable or word: `wxm` for 王小明. */
  readonly initials: string;
};

export function isKnownSyllable(text: string): boolean {
  return SYLLABLES.has(text);
}

/**
 * The keys of a name. Surname mode reads 单 as shan, 曾 as zeng, 解 as xie at the head of the
 * name; a character with several readings elsewhere takes pinyin-pro's reading in its context.
 * Latin parts are kept as they are, lower-cased, so "Anna" sorts with 阿 (a …) and before 白.
 */
export function nameKeys(name: string): NameKeys {
  const trimmed = name.trim();
  if (trimmed === '') return { sortKey: '', initials: '' };
  const parts = pinyin(trimmed, {
    toneType: 'none',
    type: 'array',
    surname: 'head',
    nonZh: 'consecutive',
    v: true,
  });
  const words = parts
    .join(' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return {
    sortKey: words.join(' '),
    initials: words.map((word) => word[0]).join(''),
  };
}

/** The letters of a search that may be pinyin (`Wang X`, `xi'an` → `wangx`, `xian`), or null. */
export function pinyinSearch(search: string): string | null {
  const letters = search.toLowerCase().replace(/['\s]/g, '');
  return /^[a-z]+$/.test(letters) && letters.length <= MAX_PINYIN_SEARCH ? letters : null;
}

/**
 * The ways `letters` splits into whole syllables and one last, possibly half-typed syllable, each
 * written as a sort key begins: `wangx` → ["wang x"]; `xian` → ["xian", "xi an", "xia n"]. A name
 * whose sort key starts with one of them has a pinyin (spaces left out) that starts with `letters`.
 */
export function pinyinPrefixes(letters: string): string[] {
  const readings: string[] = [];
  const walk = (from: number, syllables: string[]): void => {
    if (readings.length >= MAX_READINGS) return;
    const rest = letters.slice(from);
    if (SYLLABLE_STARTS.has(rest)) readings.push([...syllables, rest].join(' '));
    // The longest syllable (chuang, shuang, zhuang) has six letters.
    for (let end = from + 1; end < letters.length && end - from <= 6; end += 1) {
      const syllable = letters.slice(from, end);
      if (SYLLABLES.has(syllable)) walk(end, [...syllables, syllable]);
    }
  };
  walk(0, []);
  return readings;
}
