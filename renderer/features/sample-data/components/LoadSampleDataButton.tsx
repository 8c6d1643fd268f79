// "Load sample data": a demo showroom through the normal write path, with a progress bar.

import { App, Button, Modal, Progress } from 'antd';
import { DatabaseOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../state/store';
import { useWriteContext } from '../../../state/useWriteContext';
import { loadSampleShowroom, type SampleLoadProgress } from '../../../db/sample-data-repo';
import { useReportError } from '../../../ui/useReportError';

export function LoadSampleDataButton({ count }: { count: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [progress, setProgress] = useState<SampleLoadProgress | null>(null);
  // Made-up customers must never reach a dealership's server.
  const loggedIn = useAppStore((state) => state.sync.user !== null);

  const load = async () => {
    setProgress({ done: 0, total: count });
    try {
      const loaded = await loadSampleShowroom(ctx, { customers: count, onProgress: setProgress });
      message.success(t('customers.sampleLoaded', { count: loaded }));
    } catch (error) {
      reportError(error);
    } finally {
      setProgress(null);
    }
  };

  return (
    <>
      <Button
        icon={<DatabaseOutlined />}
        onClick={() => void load()}
        loading={progress !== null}
        disabled={loggedIn}
        title={loggedIn ? t('sync.sampleDisabled') : undefined}
      >
        {t('customers.loadSample')}
      </Button>
      <Modal
        open={progress !== null}
        title={t('customers.loadingSample')}
        footer={null}
        closable={false}
      >
        <Progress
          percent={progress ? Math.round((progress.done / Math.max(1, progress.total)) * 100) : 0}
        />
      </Modal>
    </>
  );
}
