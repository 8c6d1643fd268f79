// 车架号 (VIN): 17 characters, no I/O/Q, with the check digit in position 9 (ISO 3779; China's
// GB 16735 requires the same check digit, so every car a Chinese dealership delivers carries one).

const TRANSLITERATION: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

export type VinProblem = 'empty' | 'length' | 'characters' | 'check_digit';

/** Upper case without spaces or dashes, as printed on the certificate (合格证). */
export function normalizeVin(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** The check digit the first 17 characters call for ('0'–'9' or 'X'); null if a character is not allowed. */
export function vinCheckDigit(vin: string): string | null {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const char = vin[index] ?? '';
    const value = /\d/.test(char) ? Number(char) : TRANSLITERATION[char];
    if (value === undefined) return null;
    sum += value * (WEIGHTS[index] ?? 0);
  }
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

export function vinProblem(input: string): VinProblem | null {
  const vin = normalizeVin(input);
  if (vin === '') return 'empty';
  if (vin.length !== 17) return 'length';
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(vin)) return 'characters';
  return vinCheckDigit(vin) === vin[8] ? null : 'check_digit';
}
