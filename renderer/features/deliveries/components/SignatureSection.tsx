// 客户签字: the customer signs the delivery confirmation on screen; the signature ticks the
// sign-off item. Once signed it is shown with who and when, and can be signed again until the
// delivery is completed.

import { App, Button, Card, Input, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery } from '../../../../shared/domain/delivery';
import { signatureSchema } from '../../../../shared/domain/delivery-schemas';
import { useWriteContext } from '../../../state/useWriteContext';
import { clearSignature, signDelivery } from '../../../db/deliveries-repo';
import { useReportError } from '../../../ui/useReportError';
import { SignaturePad } from './SignaturePad';
import { useValidationText } from '../../../ui/useValidationText';
import { StoredImage } from './StoredImage';

type SignatureSectionProps = { delivery: Delivery; customerName: string };

export function SignatureSection({ delivery, customerName }: SignatureSectionProps) {
  const { t } = useTranslation();
  const validationText = useValidationText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [png, setPng] = useState<string | null>(null);
  const [signedBy, setSignedBy] = useState(customerName);
  const [error, setError] = useState<string | null>(null);
  const open = delivery.state === 'scheduled';

  const handleConfirm = async () => {
    const parsed = signatureSchema.safeParse({ signedBy });
    if (!parsed.success) {
      setError(validationText(parsed.error.issues[0]?.message));
      return;
    }
    if (!png) {
      setError(t('deliveries.signatureEmpty'));
      return;
    }
    setError(null);
    try {
      await signDelivery(ctx, delivery.id, { png, signedBy: parsed.data.signedBy });
      message.success(t('deliveries.signed'));
    } catch (failure) {
      reportError(failure);
    }
  };

  return (
    <Card
      size="small"
      title={t('deliveries.signatureTitle')}
      id="signature"
      data-testid="signature-section"
    >
      {delivery.signature ? (
        <Space orientation="vertical">
          <StoredImage
            value={delivery.signature}
            kind="signature"
            render={(src) => (
              <img
                src={src}
                alt={t('deliveries.signatureAlt', { name: delivery.signedBy })}
                data-testid="signature-image"
                style={{
                  maxWidth: 420,
                  width: '100%',
                  border: '1px solid #f0f0f0',
                  borderRadius: 6,
                }}
              />
            )}
          />
          <Typography.Text>
            {t('deliveries.signedShown', {
              name: delivery.signedBy,
              at: delivery.signedAt ? dayjs(delivery.signedAt).format('YYYY-MM-DD HH:mm') : '',
            })}
          </Typography.Text>
          {open ? (
            <Button onClick={() => void clearSignature(ctx, delivery.id).catch(reportError)}>
              {t('deliveries.signAgain')}
            </Button>
          ) : null}
        </Space>
      ) : open ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('deliveries.signatureIntro')}
          </Typography.Paragraph>
          <SignaturePad onChange={setPng} />
          <Space wrap>
            <label htmlFor="signed-by">{t('deliveries.signedBy')}</label>
            <Input
              id="signed-by"
              value={signedBy}
              onChange={(event) => setSignedBy(event.target.value)}
              maxLength={60}
              style={{ width: 220 }}
            />
            <Button type="primary" onClick={() => void handleConfirm()}>
              {t('deliveries.confirmSignature')}
            </Button>
          </Space>
          {error ? (
            <Typography.Text type="danger" data-testid="signature-error">
              {error}
            </Typography.Text>
          ) : null}
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('deliveries.notSigned')}</Typography.Text>
      )}
    </Card>
  );
}
