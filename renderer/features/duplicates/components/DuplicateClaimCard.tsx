// One claim: its cards side by side (owner, name, phones, status, grade, last contact, created
// at), a radio to keep one of them, the owner after the merge, and the way to the preview.

import { Button, Card, Descriptions, Flex, Radio, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../../shared/domain/customer';
import { normalizedPhones } from '../../../../shared/domain/duplicates';
import { formatPhone } from '../../../../shared/domain/phone';
import type { TeamMember } from '../../../../shared/sync/protocol';
import { GradeTag, StatusTag } from '../../../ui/CustomerBadges';
import { DepartedTag } from '../../../ui/DepartedTag';
import { isDeparted } from '../../../ui/departed';
import {
  defaultOwner,
  ownerCandidates,
  previewDuplicateMerge,
  type ClaimCardDetails,
  type CustomerClaim,
  type DuplicateMergePreview,
} from '../duplicate-claims';

export function DuplicateClaimCard({
  claim,
  team,
  details,
  onPreview,
}: {
  claim: CustomerClaim;
  team: readonly TeamMember[];
  details: Map<string, ClaimCardDetails> | undefined;
  onPreview: (preview: DuplicateMergePreview) => void;
}) {
  const { t } = useTranslation();
  const [survivorId, setSurvivorId] = useState(claim.cards[0]?.id ?? '');
  const [ownerChoice, setOwnerChoice] = useState<string | null>(null);
  // The kept card may have been merged away meanwhile (another manager): fall back to the first.
  const survivor = claim.cards.find((card) => card.id === survivorId) ?? claim.cards[0];
  if (!survivor) return null;
  const ownerId = ownerChoice ?? defaultOwner(survivor, team);
  const member = (id: string) => team.find((candidate) => candidate.id === id);
  const owners = claim.ownerIds.map((id) => member(id)?.name ?? id).join('、');
  const shared = new Set(claim.sharedPhones);

  const handlePreview = () => {
    if (!ownerId) return;
    const preview = previewDuplicateMerge(claim, survivor.id, ownerId, team);
    if (preview) onPreview(preview);
  };

  return (
    <Card
      size="small"
      data-testid="duplicate-claim"
      title={t('duplicates.claimTitle', {
        phones: claim.sharedPhones.map(formatPhone).join('、'),
      })}
      extra={
        <Typography.Text type="secondary">
          {t('duplicates.claimSummary', { count: claim.cards.length, owners })}
        </Typography.Text>
      }
    >
      <Radio.Group
        value={survivor.id}
        onChange={(event) => {
          setSurvivorId(String(event.target.value));
          setOwnerChoice(null);
        }}
        style={{ display: 'block' }}
      >
        <Flex gap={12} wrap>
          {claim.cards.map((card) => (
            <ClaimCardColumn
              key={card.id}
              card={card}
              kept={card.id === survivor.id}
              owner={member(card.ownerId)}
              details={details?.get(card.id)}
              shared={shared}
            />
          ))}
        </Flex>
      </Radio.Group>
      <Space wrap style={{ marginTop: 12 }}>
        <Typography.Text>{t('duplicates.chooseOwner')}</Typography.Text>
        <Select
          data-testid="claim-owner"
          aria-label={t('duplicates.chooseOwner')}
          style={{ width: 240 }}
          placeholder={t('duplicates.ownerPlaceholder')}
          value={ownerId}
          onChange={(id: string) => setOwnerChoice(id)}
          options={ownerCandidates(team).map((candidate) => ({
            value: candidate.id,
            label: `${candidate.name} · ${t(`sync.roles.${candidate.role}`)}`,
          }))}
        />
        <Button
          type="primary"
          data-testid="claim-preview"
          disabled={!ownerId}
          onClick={handlePreview}
        >
          {t('duplicates.preview')}
        </Button>
      </Space>
    </Card>
  );
}

function ClaimCardColumn({
  card,
  kept,
  owner,
  details,
  shared,
}: {
  card: Customer;
  kept: boolean;
  owner: TeamMember | undefined;
  details: ClaimCardDetails | undefined;
  shared: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const date = (value: string | null) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '');
  return (
    <div
      data-testid="claim-card"
      style={{
        flex: '1 1 300px',
        maxWidth: 420,
        border: `1px solid ${kept ? '#1f5fbf' : '#e5e5e5'}`,
        background: kept ? '#f3f7fd' : '#fff',
        borderRadius: 8,
        padding: '10px 12px',
      }}
    >
      <Radio value={card.id} data-testid="claim-keep">
        {t('duplicates.keep')}
      </Radio>
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        styles={{ label: { width: 84 } }}
        items={[
          {
            key: 'owner',
            label: t('duplicates.owner'),
            children: (
              <Space size={4} wrap>
                <span data-testid="claim-card-owner">{owner?.name ?? card.ownerId}</span>
                {owner && isDeparted(owner) ? <DepartedTag /> : null}
              </Space>
            ),
          },
          {
            key: 'name',
            label: t('duplicates.name'),
            children: <Link to={`/customers/${card.id}`}>{card.name}</Link>,
          },
          {
            key: 'phones',
            label: t('duplicates.phones'),
            children: (
              <Space size={[4, 4]} wrap>
                {normalizedPhones(card.phones).map((phone) => (
                  <Tag key={phone} color={shared.has(phone) ? 'orange' : undefined}>
                    {formatPhone(phone)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            key: 'status',
            label: t('duplicates.status'),
            children: <StatusTag status={card.status} />,
          },
          {
            key: 'grade',
            label: t('duplicates.grade'),
            children: <GradeTag grade={card.qualificationGrade} />,
          },
          {
            key: 'lastContact',
            label: t('duplicates.lastContact'),
            children: details?.lastContactAt ? date(details.lastContactAt) : t('duplicates.never'),
          },
          {
            key: 'createdAt',
            label: t('duplicates.createdAt'),
            children: date(card.createdAt),
          },
        ]}
      />
    </div>
  );
}
