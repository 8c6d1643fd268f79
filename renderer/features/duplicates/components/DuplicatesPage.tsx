// 重复客户 (/duplicates): cards of different consultants with the same phone number, side by side.
// The manager picks the card to keep and its owner, sees a preview, and confirms; the server's
// merge-customers command does the work and every laptop follows by sync. The list is a live query
// of the local copy, so a merged claim leaves it by itself.

import { App, Card, Empty, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeam } from '../../../db/useTeam';
import { ManagerPage } from '../../../ui/ManagerPage';
import { requireEngine } from '../../../sync/sync-runtime';
import {
  duplicateMergeErrorKey,
  type CustomerClaim,
  type DuplicateMergePreview,
} from '../duplicate-claims';
import { useClaimCardDetails, useDuplicateClaims } from '../hooks/useDuplicateClaims';
import { DuplicateClaimCard } from './DuplicateClaimCard';
import { DuplicateMergePreviewModal } from './DuplicateMergePreviewModal';
import { errorText } from '../../../ui/error-text';

export function DuplicatesPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('duplicates.title')}
      intro={t('duplicates.intro')}
      maxWidth={1200}
      managersOnly={{ testId: 'duplicates-managers-only', title: t('duplicates.managersOnly') }}
    >
      {() => <ClaimList />}
    </ManagerPage>
  );
}

function ClaimList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claims = useDuplicateClaims();
  const team = useTeam();
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
      await requireEngine().mergeDuplicateCustomers({
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
          message: errorText(t, error),
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
