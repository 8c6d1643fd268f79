// /sync/certificate: why sync stopped when the server's certificate is not the trusted one, with
// the old and the new fingerprints side by side, and the one deliberate way on: accept the new
// certificate after the admin confirmed it (a renewed certificate), never by default.

import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../state/store';
import { trustServerCertificate } from '../../../sync/sync-runtime';

export function CertificatePage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const problem = useAppStore((state) => state.certificateProblem);
  const serverUrl = useAppStore((state) => state.sync.serverUrl);

  if (problem === null) {
    return (
      <Card title={t('sync.certificatePage.title')}>
        <Typography.Paragraph data-testid="certificate-ok">
          {t('sync.certificatePage.none')}
        </Typography.Paragraph>
      </Card>
    );
  }

  const handleAccept = () => {
    modal.confirm({
      title: t('sync.certificatePage.accept'),
      content: t('sync.certificatePage.acceptConfirm'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'certificate-accept-confirm' } },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await trustServerCertificate(serverUrl, problem.presented);
        message.success(t('sync.certificatePage.accepted'));
      },
    });
  };

  return (
    <Card title={t('sync.certificatePage.title')} data-testid="certificate-page">
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Alert
          type={problem.kind === 'changed' ? 'error' : 'warning'}
          showIcon
          title={
            problem.kind === 'changed'
              ? t('sync.certificatePage.changedText')
              : t('sync.certificatePage.unconfirmedText')
          }
        />
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('sync.server.serverAddress')}>{serverUrl}</Descriptions.Item>
          {problem.kind === 'changed' ? (
            <Descriptions.Item label={t('sync.certificatePage.trusted')}>
              <Typography.Text code data-testid="certificate-pinned">
                {problem.pinned}
              </Typography.Text>
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('sync.certificatePage.presented')}>
            <Typography.Text code data-testid="certificate-presented">
              {problem.presented}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
        <Button danger onClick={handleAccept} data-testid="certificate-accept">
          {t('sync.certificatePage.accept')}
        </Button>
      </Space>
    </Card>
  );
}
