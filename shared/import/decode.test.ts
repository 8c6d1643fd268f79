import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectEncoding } from './decode';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('detectEncoding', () => {
  it('recognises GBK saved by Excel on Chinese Windows', () => {
    const bytes = fixture('showroom-gbk.csv');
    expect(detectEncoding(bytes)).toEqual({ encoding: 'gb18030', bom: false, basis: 'guess' });
    expect(decodeText(bytes).text).toContain('序号,客户姓名,联系电话');
    expect(decodeText(bytes).text).toContain('１３８００１３８００３');
  });

  it('recognises UTF-8 with a BOM and drops the BOM', () => {
    const bytes = fixture('showroom-utf8-bom.csv');
    expect(detectEncoding(bytes)).toEqual({ encoding: 'utf-8', bom: true, basis: 'bom' });
    const { text } = decodeText(bytes);
    expect(text.startsWith('2026广州国际车展')).toBe(true);
  });

  it('recognises UTF-8 without a BOM', () => {
    const bytes = new TextEncoder().encode('客户姓名,联系电话\n王伟,13800138000\n');
    expect(detectEncoding(bytes)).toEqual({ encoding: 'utf-8', bom: false, basis: 'valid-utf-8' });
  });

  it('tells Big5 from GBK', () => {
    const bytes = fixture('showroom-big5.csv');
    expect(detectEncoding(bytes).encoding).toBe('big5');
    expect(decodeText(bytes).text).toContain('客戶姓名,聯繫電話');
  });

  it('reads plain ASCII as UTF-8', () => {
    expect(detectEncoding(new TextEncoder().encode('name,phone\n')).encoding).toBe('utf-8');
  });
});

describe('decodeText', () => {
  it('decodes with the user override and still reports what was detected', () => {
    const bytes = fixture('showroom-gbk.csv');
    const decoded = decodeText(bytes, { encoding: 'big5' });
    expect(decoded.encoding).toBe('big5');
    expect(decoded.detected.encoding).toBe('gb18030');
    expect(decoded.text).not.toContain('客户姓名');
  });

  it('decodes a preview without cutting a character in half', () => {
    const bytes = fixture('showroom-gbk.csv');
    // 2026 + the first GBK character's first byte: the half character is held back.
    const preview = decodeText(bytes, { maxBytes: 5 });
    expect(preview.text).toBe('2026');
    expect(decodeText(bytes, { maxBytes: 6 }).text).toBe('2026广');
  });
});
