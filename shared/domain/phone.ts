// Phone numbers are stored normalized so that the same customer typed as "+86 138 0013 8000",
// "0086-13800138000" or "138 0013 8000" is recognised as one number (duplicate warnings, sync
// duplicate detection and prefix search all rely on it).

const CHINA_MOBILE = /^1[3-9]\d{9}$/;
// Fixed lines: 0 + area code (2–3 digits) + 7–8 digit subscriber number.
const CHINA_LANDLINE = /^0[1-9]\d{8,10}$/;

/** Strips spaces, dashes, brackets and the +86 / 0086 country prefix. */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/[\s\-().（）]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits;
}

export type PhoneProblem = 'empty' | 'not_digits' | 'invalid_mobile' | 'invalid_number';

/** Returns why a (raw) phone number is not acceptable, or null when it is. */
export function phoneProblem(raw: string): PhoneProblem | null {
  const phone = normalizePhone(raw);
  if (phone === '') return 'empty';
  if (!/^\d+$/.test(phone)) return 'not_digits';
  if (phone.startsWith('1')) return CHINA_MOBILE.test(phone) ? null : 'invalid_mobile';
  return CHINA_LANDLINE.test(phone) ? null : 'invalid_number';
}

export function isValidPhone(raw: string): boolean {
  return phoneProblem(raw) === null;
}

/** "13800138000" → "138 0013 8000" for display; other numbers are shown as stored. */
export function formatPhone(phone: string): string {
  return CHINA_MOBILE.test(phone)
    ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`
    : phone;
}
