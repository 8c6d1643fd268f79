// One checklist item: tick it (who and when are recorded), mark it not applicable with a reason,
// add a note or a photo. Read-only once the delivery is completed.

import {
  CameraOutlined,
  EditOutlined,
  FileTextOutlined,
  StopOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { App, Button, Checkbox, Image, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SIGNATURE_ITEM_KEY } from '../../../../shared/domain/checklist-template';
import type { DeliveryItem } from '../../../../shared/domain/delivery';
import { notApplicableSchema } from '../../../../shared/domain/delivery-schemas';
import { useWriteContext } from '../../../state/useWriteContext';
import { setItemNote, setItemPhoto, setItemState } from '../../../db/deliveries-repo';
import { PhotoTooLargeError, shrinkPhoto } from '../../../ui/photo';
import { useReportError } from '../../../ui/useReportError';
import { itemLabel } from '../../../documents/checklist-labels';
import { useValidationText } from '../../../ui/useValidationText';
import { StoredImage } from './StoredImage';

type ChecklistItemRowProps = { item: DeliveryItem; readOnly: boolean; highlighted: boolean };

export function ChecklistItemRow({ item, readOnly, highlighted }: ChecklistItemRowProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [naOpen, setNaOpen] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const label = itemLabel(t, item);
  const isSignature = item.itemKey === SIGNATURE_ITEM_KEY;

  const run = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      reportError(error);
    }
  };

  const handleTick = (checked: boolean) =>
    run(() => setItemState(ctx, item.id, checked ? { state: 'done' } : { state: 'open' }));

  const handlePhoto = async (file: File | undefined) => {
    if (!file) return;
    try {
      const photo = await shrinkPhoto(file);
      await setItemPhoto(ctx, item.id, photo);
      message.success(t('checklist.photoAdded'));
    } catch (error) {
      if (error instanceof PhotoTooLargeError) message.error(t('checklist.photoTooLarge'));
      else message.error(t('checklist.photoUnreadable'));
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div
      id={`item-${item.id}`}
      data-testid="checklist-item"
      data-item-key={item.itemKey}
      data-state={item.state}
      style={{
        padding: '10px 12px',
        borderBottom: '1px solid #f0f0f0',
        background: highlighted ? '#fff1f0' : undefined,
        borderLeft: highlighted ? '3px solid #ff4d4f' : '3px solid transparent',
      }}
    >
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start" wrap>
        <Space align="start">
          <Checkbox
            checked={item.state === 'done'}
            disabled={readOnly || isSignature || item.state === 'not_applicable'}
            onChange={(event) => void handleTick(event.target.checked)}
            aria-label={label}
          >
            <Typography.Text delete={item.state === 'not_applicable'}>{label}</Typography.Text>
          </Checkbox>
          {item.required ? (
            <Tag color="red" variant="outlined">
              {t('checklist.required')}
            </Tag>
          ) : null}
        </Space>
        {readOnly || isSignature ? null : (
          <Space size={4}>
            {item.state === 'not_applicable' ? (
              <Button size="small" icon={<UndoOutlined />} onClick={() => void handleTick(false)}>
                {t('checklist.restore')}
              </Button>
            ) : item.state === 'open' ? (
              <Button size="small" icon={<StopOutlined />} onClick={() => setNaOpen(true)}>
                {t('checklist.notApplicable')}
              </Button>
            ) : null}
            <Button size="small" icon={<EditOutlined />} onClick={() => setNoteOpen(true)}>
              {t('checklist.note')}
            </Button>
            <Button
              size="small"
              icon={<CameraOutlined />}
              onClick={() => fileInput.current?.click()}
            >
              {t('checklist.photo')}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept="image/*"
              capture="environment"
              hidden
              data-testid="photo-input"
              onChange={(event) => void handlePhoto(event.target.files?.[0])}
            />
          </Space>
        )}
      </Space>
      <div style={{ paddingLeft: 24 }}>
        {item.state === 'done' && item.doneAt ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="ticked-by">
            {t('checklist.doneBy', {
              name: item.doneByName,
              at: dayjs(item.doneAt).format('MM-DD HH:mm'),
            })}
          </Typography.Text>
        ) : null}
        {item.state === 'not_applicable' ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('checklist.notApplicableShown', {
              reason: item.notApplicableReason,
              name: item.doneByName,
            })}
          </Typography.Text>
        ) : null}
        {item.note ? (
          <div>
            <Typography.Text style={{ fontSize: 13 }} data-testid="item-note">
              <FileTextOutlined /> {item.note}
            </Typography.Text>
          </div>
        ) : null}
        {item.photo ? (
          <Space style={{ marginTop: 6 }}>
            <StoredImage
              value={item.photo}
              kind="photo"
              render={(src) => <Image src={src} width={96} alt={label} />}
            />
            {readOnly ? null : (
              <Button
                size="small"
                type="link"
                danger
                onClick={() => void run(() => setItemPhoto(ctx, item.id, ''))}
              >
                {t('checklist.removePhoto')}
              </Button>
            )}
          </Space>
        ) : null}
      </div>
      {/* Mounted only while open: each opening starts from the stored text, and nothing typed
          is reset by the opening animation. */}
      {naOpen ? (
        <NotApplicableModal
          label={label}
          onClose={() => setNaOpen(false)}
          onSave={(reason) =>
            run(() => setItemState(ctx, item.id, { state: 'not_applicable', reason }))
          }
        />
      ) : null}
      {noteOpen ? (
        <NoteModal
          label={label}
          initial={item.note}
          onClose={() => setNoteOpen(false)}
          onSave={(note) => run(() => setItemNote(ctx, item.id, note))}
        />
      ) : null}
    </div>
  );
}

type TextModalProps = {
  label: string;
  onClose: () => void;
  onSave: (value: string) => Promise<void>;
};

function NotApplicableModal({ label, onClose, onSave }: TextModalProps) {
  const { t } = useTranslation();
  const validationText = useValidationText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const handleOk = async () => {
    const parsed = notApplicableSchema.safeParse({ reason });
    if (!parsed.success) {
      setError(validationText(parsed.error.issues[0]?.message));
      return;
    }
    await onSave(parsed.data.reason);
    onClose();
  };
  return (
    <Modal
      open
      title={`${t('checklist.notApplicable')} · ${label}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void handleOk()}
      onCancel={onClose}
      destroyOnHidden
    >
      <label htmlFor="na-reason">{t('checklist.notApplicableReason')}</label>
      <Input.TextArea
        id="na-reason"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        rows={2}
        maxLength={500}
        status={error ? 'error' : undefined}
        autoFocus
      />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </Modal>
  );
}

function NoteModal({ label, initial, onClose, onSave }: TextModalProps & { initial: string }) {
  const { t } = useTranslation();
  const [note, setNote] = useState(initial);
  return (
    <Modal
      open
      title={`${t('checklist.note')} · ${label}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void onSave(note).then(onClose)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Tooltip title={t('checklist.noteHint')}>
        <Input.TextArea
          aria-label={t('checklist.note')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          rows={3}
          maxLength={2000}
          autoFocus
        />
      </Tooltip>
    </Modal>
  );
}
