// Text encodings of CSV files as Chinese offices make them: UTF-8 (with or without the BOM Excel
// writes for "CSV UTF-8"), GB18030/GBK (Excel's plain "CSV" on Chinese Windows) and Big5
// (Traditional Chinese Windows). Decoding uses the platform's TextDecoder (browser and Node both
// know gb18030 and big5), so no code table ships with the app.
//
// Detection: a BOM decides; else text that is valid UTF-8 is UTF-8 (GBK text is almost never
// valid UTF-8); else GB18030 and Big5 are both tried and the one whose text reads more like
// Chinese wins — the same bytes decoded with the wrong table give rare characters and
// replacement marks, while the right one gives the common characters of names and forms.

export type TextEncodingName = 'utf-8' | 'gb18030' | 'big5' | 'utf-16le' | 'utf-16be';

export const TEXT_ENCODINGS = [
  'utf-8',
  'gb18030',
  'big5',
  'utf-16le',
  'utf-16be',
] as const satisfies readonly TextEncodingName[];

export type EncodingGuess = {
  encoding: TextEncodingName;
  /** The file starts with a byte-order mark (it is dropped when decoding). */
  bom: boolean;
  /** 'bom' and 'utf-8' are certain; 'guess' is the GB18030/Big5 scoring (offer an override). */
  basis: 'bom' | 'valid-utf-8' | 'guess';
};

/** How much of a large file detection looks at: plenty of names and phones, fast on 200 MB. */
const SAMPLE_BYTES = 256 * 1024;

const BOMS: { bytes: number[]; encoding: TextEncodingName }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function bomOf(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, index) => bytes[index] === byte)) {
      return { encoding: bom.encoding, length: bom.bytes.length };
    }
  }
  return null;
}

/**
 * Characters frequent in customer lists and in Chinese text generally, in both scripts: the
 * right decoding is full of them; a wrong one (GBK read as Big5 or the reverse) rarely hits them.
 */
const COMMON_CHARACTERS = new Set(
  // Simplified
  '的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切客户姓名联系手机号码话销售顾问意向型来源备注登记时间性别先女士微信城市预计购级展会现场到店线索介绍合总王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文' +
    // Traditional counterparts of the frequent ones that differ
    '這個們來時說國會過對發還學進從經種將當與見無麼點開問關車長話電號碼聯繫戶銷售顧問購級會場記時間別來源備註現線紹總劉陳楊趙黃週吳孫鄭謝韓馮董蕭曹袁鄧許傅沈曾彭呂蘇盧蔣蔡賈葉閻餘潘魏薛鍾陸郝孔崔龐邱錢湯龔賴賀喬萬段雷尹黎',
);

/** How Chinese-like a decoded sample reads: common characters count, replacement marks cost. */
function chineseScore(text: string): number {
  let score = 0;
  for (const char of text) {
    if (char === '\ufffd') score -= 10;
    else if (COMMON_CHARACTERS.has(char)) score += 1;
  }
  return score;
}

function decodes(encoding: TextEncodingName, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A sample that does not end inside a multi-byte character (cut at the last line break). */
function sampleOf(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= SAMPLE_BYTES) return bytes;
  const cut = bytes.lastIndexOf(0x0a, SAMPLE_BYTES);
  return bytes.subarray(0, cut > 0 ? cut + 1 : SAMPLE_BYTES);
}

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  const bom = bomOf(bytes);
  if (bom) return { encoding: bom.encoding, bom: true, basis: 'bom' };
  const sample = sampleOf(bytes);
  if (decodes('utf-8', sample)) return { encoding: 'utf-8', bom: false, basis: 'valid-utf-8' };
  const gb = chineseScore(new TextDecoder('gb18030').decode(sample));
  const big5 = decodes('big5', sample)
    ? chineseScore(new TextDecoder('big5').decode(sample))
    : Number.NEGATIVE_INFINITY;
  // Ties go to GB18030: far more files on the mainland come from Simplified Chinese Windows.
  return { encoding: big5 > gb ? 'big5' : 'gb18030', bom: false, basis: 'guess' };
}

export type DecodedText = {
  text: string;
  encoding: TextEncodingName;
  /** What detection said, also when `encoding` is the caller's override. */
  detected: EncodingGuess;
};

/**
 * Decodes the file's bytes: with the detected encoding, or the user's override (a preview that
 * looks wrong is decoded again with another one). A BOM is dropped. `maxBytes` decodes only the
 * start (a preview of a large file) without cutting a character in half.
 */
export function decodeText(
  bytes: Uint8Array,
  options: { encoding?: TextEncodingName; maxBytes?: number } = {},
): DecodedText {
  const detected = detectEncoding(bytes);
  const encoding = options.encoding ?? detected.encoding;
  const bom = bomOf(bytes);
  const start = bom && bom.encoding === encoding ? bom.length : 0;
  const end = options.maxBytes === undefined ? bytes.length : start + options.maxBytes;
  const decoder = new TextDecoder(encoding);
  // stream: true keeps an incomplete last character back instead of turning it into U+FFFD.
  const text = decoder.decode(bytes.subarray(start, end), { stream: end < bytes.length });
  return { text, encoding, detected };
}
