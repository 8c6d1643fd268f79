// A checklist photo or the customer's signature as stored in its row: shown from the local
// cache, or a "loading…" placeholder while the sync engine fetches it (offline: until the next
// sync). Nothing at all for an empty field.

import { PictureOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useImageSource } from '../hooks/useImageSource';

type StoredImageProps = {
  value: string;
  /** Draws the image once its source is known. */
  render: (src: string) => ReactNode;
  kind: 'photo' | 'signature';
};

export function StoredImage({ value, render, kind }: StoredImageProps) {
  const { t } = useTranslation();
  const source = useImageSource(value);
  if (source?.state === 'ready') return render(source.src);
  if (source?.state === 'none') return null;
  return (
    <Typography.Text type="secondary" data-testid={`${kind}-loading`}>
      <PictureOutlined />{' '}
      {t(kind === 'photo' ? 'attachments.loadingPhoto' : 'attachments.loadingSignature')}
    </Typography.Text>
  );
}
