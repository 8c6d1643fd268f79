// 重复客户 (/duplicates): cards of different consultants with the same phone number, side by side.
// The manager picks the card to keep and its owner, sees a preview, and confirms; the server's
// merge-customers command does the work and every laptop follows by sync. The list is a live query
// of the local copy, so a merged claim leaves it by itself.

import { ManagersOnly } from '../../../ui/ManagersOnly';
import { App, Card, Empty, Space, Spin, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { useManagerSession } from '../../../state/useManagerSession';
import { requireEngine } from '../../../sync/sync-runtime';
import {
  duplicateMergeErrorKey,
  type CustomerClaim,
  type DuplicateMergePreview,
} from '../duplicate-claims';
import { useClaimCardDetails, useDuplicateClaims } from '../hooks/useDuplicateClaims';
import { DuplicateClaimCard } from './DuplicateClaimCard';
import { DuplicateMergePreviewModal } from './DuplicateMergePreviewModal';

export function DuplicatesPage() {
  const { t } = useTranslation();
  const session = useManagerSession();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1200 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('duplicates.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('duplicates.intro')}</Typography.Text>
      </div>
      {session.kind === 'manager' ? (
        <ClaimList />
      ) : (
        <ManagersOnly
          kind={session.kind}
          testId="duplicates-managers-only"
          title={t('duplicates.managersOnly')}
        />
      )}
    </Space>
  );
}

function ClaimList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claims = useDuplicateClaims();
  const team = useLiveQuery(() => db.team.toArray(), []);
  const details = useClaimCardDetails(
    (claims ?? []).flatMap((claim) => claim.cards.map((card) => card.id)),
  );
  const [preview, setPreview] = useState<DuplicateMergePreview | null>(null);

  if (claims === undefined || team === undefined) return <Spin />;
  if (claims.length === 0) {
    return (
      <Card>
        <Empty description={t('duplicates.empty')} data-testid="duplicates-empty" />
      </Card>
    );
  }

  const handleConfirm = async (chosen: DuplicateMergePreview) => {
    try {
      await requireEngine().mergeCustomers({
        survivorId: chosen.survivor.id,
        mergedIds: chosen.merged.map((card) => card.id),
        ownerId: chosen.ownerId,
      });
      message.success(t('duplicates.done', { name: chosen.survivor.name }));
      setPreview(null);
    } catch (error) {
      const key = duplicateMergeErrorKey(error);
      message.error(
        t(`duplicates.${key}`, {
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      if (key === 'stale') setPreview(null);
    }
  };

  return (
    <>
      {claims.map((claim: CustomerClaim) => (
        <DuplicateClaimCard
          key={claim.key}
          claim={claim}
          team={team}
          details={details}
          onPreview={setPreview}
        />
      ))}
      {preview ? (
        <DuplicateMergePreviewModal
          preview={preview}
          team={team}
          details={details}
          onCancel={() => setPreview(null)}
          onConfirm={() => handleConfirm(preview)}
        />
      ) : null}
    </>
  );
}
