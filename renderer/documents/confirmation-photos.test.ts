// The photos section's pure parts: the downscaled size and which photos the confirmation prints.

import { describe, expect, it } from 'vitest';
import { checklistPhotos, downscaledSize, fillUnreadableLine } from './confirmation-photos';

describe('downscaledSize', () => {
  it('brings a phone photo to 1200 px on its long side, keeping the aspect', () => {
    expect(downscaledSize(4032, 3024)).toEqual({ width: 1200, height: 900 });
    expect(downscaledSize(3024, 4032)).toEqual({ width: 900, height: 1200 });
    expect(downscaledSize(4000, 1800)).toEqual({ width: 1200, height: 540 });
  });

  it('never enlarges a small image', () => {
    expect(downscaledSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(downscaledSize(1200, 1200)).toEqual({ width: 1200, height: 1200 });
    expect(downscaledSize(1, 1)).toEqual({ width: 1, height: 1 });
  });

  it('keeps at least one pixel on a very thin image, and takes another limit', () => {
    expect(downscaledSize(24_000, 10)).toEqual({ width: 1200, height: 1 });
    expect(downscaledSize(2000, 1000, 500)).toEqual({ width: 500, height: 250 });
  });
});

describe('checklistPhotos', () => {
  const item = (id: string, photo: string, deleted = false) => ({ id, photo, deleted });

  it('takes the items with a photo in the order given, and counts those without an image', () => {
    const images = new Map([
      ['a', 'data:a'],
      ['c', 'data:c'],
    ]);
    const result = checklistPhotos(
      [
        item('a', 'att:1'),
        item('b', ''),
        item('c', 'att:3'),
        item('d', 'att:4'),
        item('e', 'att:5', true),
      ],
      images,
      (entry) => ({ caption: `item ${entry.id}`, by: '' }),
    );
    expect(result).toEqual({
      photos: [
        { src: 'data:a', caption: 'item a', by: '' },
        { src: 'data:c', caption: 'item c', by: '' },
      ],
      unreadable: 1,
    });
  });

  it('has nothing to print when no item has a photo', () => {
    expect(checklistPhotos([item('a', '')], new Map(), () => ({ caption: '', by: '' }))).toEqual({
      photos: [],
      unreadable: 0,
    });
  });

  it('fills the count into the unreadable line', () => {
    expect(fillUnreadableLine('{photos} 张照片无法读取，未打印', 1)).toBe(
      '1 张照片无法读取，未打印',
    );
  });
});
