import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { isKnownSyllable, nameKeys, pinyinPrefixes, pinyinSearch } from './name-keys';

describe('name keys', () => {
  it('spell a name in toneless pinyin, surnames read as surnames', () => {
    expect(nameKeys('王小明')).toEqual({ sortKey: 'wang xiao ming', initials: 'wxm' });
    expect(nameKeys('单伟').sortKey).toBe('shan wei');
    expect(nameKeys('曾国藩').sortKey).toBe('zeng guo fan');
    expect(nameKeys('解晓东').sortKey).toBe('xie xiao dong');
    expect(nameKeys('吕布')).toEqual({ sortKey: 'lv bu', initials: 'lb' });
    expect(nameKeys(' Anna  Li ')).toEqual({ sortKey: 'anna li', initials: 'al' });
    expect(nameKeys('')).toEqual({ sortKey: '', initials: '' });
  });

  it('know every syllable pinyin-pro gives a common character', () => {
    const unknown = new Set<string>();
    for (let code = 0x4e00; code <= 0x9fa5; code += 1) {
      const readings = pinyin(String.fromCharCode(code), {
        toneType: 'none',
        multiple: true,
        type: 'array',
        v: true,
      });
      for (const reading of readings) {
        if (/^[a-z]+$/.test(reading) && !isKnownSyllable(reading)) unknown.add(reading);
      }
    }
    expect([...unknown]).toEqual([]);
  });

  it('read a search of letters as pinyin', () => {
    expect(pinyinSearch(" Xi'an ")).toBe('xian');
    expect(pinyinSearch('wang X')).toBe('wangx');
    expect(pinyinSearch('王x')).toBeNull();
    expect(pinyinSearch('138')).toBeNull();
  });

  it('split letters into the syllables a sort key may begin with', () => {
    // 嗯 may read ng: "wa ng x" is a reading too, harmless (its names do start with wangx).
    expect(pinyinPrefixes('wangx')).toContain('wang x');
    for (const reading of pinyinPrefixes('wangxiaom')) {
      expect(reading.replaceAll(' ', '')).toBe('wangxiaom');
    }
    expect(pinyinPrefixes('xian')).toEqual(
      expect.arrayContaining(['xi a n', 'xi an', 'xia n', 'xian']),
    );
    expect(pinyinPrefixes('wxm')).toEqual([]);
    expect(pinyinPrefixes('w')).toEqual(['w']);
    // Many readings of a long run of vowels stay few.
    expect(pinyinPrefixes('a'.repeat(24)).length).toBeLessThanOrEqual(32);
  });
});
