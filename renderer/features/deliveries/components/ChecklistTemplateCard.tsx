// 设置 → 交车检查表模板: sections and items, each item required or not, in order. The default
// template's texts stay translated until someone types their own. Saving makes a new version;
// deliveries already scheduled keep the items they were given.

import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type {
  ChecklistTemplateFields,
  ChecklistTemplateItem,
  ChecklistTemplateSection,
} from '../../../../shared/domain/checklist-template';
import { SIGNATURE_ITEM_KEY } from '../../../../shared/domain/checklist-template';
import { checklistTemplateFormSchema } from '../../../../shared/domain/delivery-schemas';
import { sameFieldValue } from '../../../../shared/sync/field-value';
import { useWriteContext } from '../../../state/useWriteContext';
import { readChecklistTemplate, saveChecklistTemplate } from '../../../db/checklist-template-repo';
import { db } from '../../../db/db';
import { useReportError } from '../../../ui/useReportError';
import { useValidationText } from '../../../ui/useValidationText';

export function ChecklistTemplateCard({ readOnly }: { readOnly: boolean }) {
  const template = useLiveQuery(() => readChecklistTemplate(db), []);
  if (!template) return null;
  // A new version from sync (or our own save) starts the editor afresh.
  return <TemplateEditor key={template.version} template={template} readOnly={readOnly} />;
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [moved] = next.splice(from, 1);
  if (moved === undefined || to < 0 || to > list.length - 1) return [...list];
  next.splice(to, 0, moved);
  return next;
}

type EditorProps = { template: ChecklistTemplateFields; readOnly: boolean };

function TemplateEditor({ template, readOnly }: EditorProps) {
  const { t, i18n } = useTranslation();
  const validationText = useValidationText();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [sections, setSections] = useState<ChecklistTemplateSection[]>(template.sections);
  const [errors, setErrors] = useState<string[]>([]);
  const dirty = !sameFieldValue(sections, template.sections);

  const hasDefaultText = (namespace: 'items' | 'sections', key: string) =>
    i18n.exists(`checklist.${namespace}.${key}`);

  const updateSection = (
    index: number,
    change: (section: ChecklistTemplateSection) => ChecklistTemplateSection,
  ) =>
    setSections((current) =>
      current.map((section, at) => (at === index ? change(section) : section)),
    );
  const updateItem = (
    sectionIndex: number,
    itemIndex: number,
    change: Partial<ChecklistTemplateItem>,
  ) =>
    updateSection(sectionIndex, (section) => ({
      ...section,
      items: section.items.map((item, at) => (at === itemIndex ? { ...item, ...change } : item)),
    }));

  const handleSave = async () => {
    const problems: string[] = [];
    const parsed = checklistTemplateFormSchema.safeParse({ sections });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(validationText(issue.message));
    }
    sections.forEach((section) => {
      if (!section.title.trim() && !hasDefaultText('sections', section.key)) {
        problems.push(t('checklist.template.sectionTitle') + ': ' + t('validation.required'));
      }
      for (const item of section.items) {
        if (!item.label.trim() && !hasDefaultText('items', item.key)) {
          problems.push(t('checklist.template.labelRequired'));
        }
      }
    });
    setErrors([...new Set(problems)]);
    if (problems.length > 0) return;
    try {
      const trimmed = sections.map((section) => ({
        ...section,
        title: section.title.trim(),
        items: section.items.map((item) => ({ ...item, label: item.label.trim() })),
      }));
      const version = await saveChecklistTemplate(ctx, trimmed);
      message.success(t('checklist.template.saved', { version }));
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Card
      size="small"
      title={t('checklist.template.title')}
      data-testid="checklist-template"
      extra={<Tag>{t('checklist.template.version', { version: template.version })}</Tag>}
    >
      <Typography.Paragraph type="secondary">
        {readOnly ? t('checklist.template.managersOnly') : t('checklist.template.hint')}
      </Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {sections.map((section, sectionIndex) => (
          <Card
            key={section.key}
            size="small"
            type="inner"
            title={
              <Input
                aria-label={t('checklist.template.sectionTitle')}
                value={section.title}
                placeholder={
                  hasDefaultText('sections', section.key)
                    ? t('checklist.template.defaultText', {
                        text: t(`checklist.sections.${section.key}`),
                      })
                    : t('checklist.template.sectionTitle')
                }
                onChange={(event) =>
                  updateSection(sectionIndex, (s) => ({ ...s, title: event.target.value }))
                }
                disabled={readOnly}
                variant="borderless"
                style={{ fontWeight: 600, paddingLeft: 0 }}
                maxLength={100}
              />
            }
            extra={
              readOnly ? null : (
                <OrderButtons
                  upDisabled={sectionIndex === 0}
                  downDisabled={sectionIndex === sections.length - 1}
                  removeDisabled={section.items.some((item) => item.key === SIGNATURE_ITEM_KEY)}
                  onUp={() =>
                    setSections((current) => move(current, sectionIndex, sectionIndex - 1))
                  }
                  onDown={() =>
                    setSections((current) => move(current, sectionIndex, sectionIndex + 1))
                  }
                  onRemove={() =>
                    setSections((current) => current.filter((_, at) => at !== sectionIndex))
                  }
                />
              )
            }
          >
            {section.items.map((item, itemIndex) => (
              <Space
                key={item.key}
                style={{ width: '100%', padding: '4px 0' }}
                data-testid="template-item"
              >
                <Input
                  aria-label={t('checklist.template.itemLabel')}
                  value={item.label}
                  placeholder={
                    hasDefaultText('items', item.key)
                      ? t('checklist.template.defaultText', {
                          text: t(`checklist.items.${item.key}`),
                        })
                      : t('checklist.template.itemLabel')
                  }
                  onChange={(event) =>
                    updateItem(sectionIndex, itemIndex, { label: event.target.value })
                  }
                  disabled={readOnly}
                  style={{ width: 460 }}
                  maxLength={200}
                />
                <Checkbox
                  checked={item.required}
                  disabled={readOnly || item.key === SIGNATURE_ITEM_KEY}
                  onChange={(event) =>
                    updateItem(sectionIndex, itemIndex, { required: event.target.checked })
                  }
                >
                  {t('checklist.template.required')}
                </Checkbox>
                {readOnly ? null : (
                  <OrderButtons
                    upDisabled={itemIndex === 0}
                    downDisabled={itemIndex === section.items.length - 1}
                    removeDisabled={item.key === SIGNATURE_ITEM_KEY}
                    onUp={() =>
                      updateSection(sectionIndex, (s) => ({
                        ...s,
                        items: move(s.items, itemIndex, itemIndex - 1),
                      }))
                    }
                    onDown={() =>
                      updateSection(sectionIndex, (s) => ({
                        ...s,
                        items: move(s.items, itemIndex, itemIndex + 1),
                      }))
                    }
                    onRemove={() =>
                      updateSection(sectionIndex, (s) => ({
                        ...s,
                        items: s.items.filter((_, at) => at !== itemIndex),
                      }))
                    }
                  />
                )}
              </Space>
            ))}
            {readOnly ? null : (
              <Button
                type="dashed"
                size="small"
                icon={<PlusOutlined />}
                onClick={() =>
                  updateSection(sectionIndex, (s) => ({
                    ...s,
                    items: [...s.items, { key: `custom.${uuidv7()}`, label: '', required: false }],
                  }))
                }
              >
                {t('checklist.template.addItem')}
              </Button>
            )}
          </Card>
        ))}
        {errors.length > 0 ? (
          <Alert
            type="error"
            showIcon
            data-testid="template-errors"
            title={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {errors.map((error) => (
                  <li key={error}>{error}</li>
                ))}
              </ul>
            }
          />
        ) : null}
        {readOnly ? null : (
          <Space>
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                setSections((current) => {
                  // New sections go before the sign-off, which stays last.
                  const signOff = current.findIndex((s) =>
                    s.items.some((item) => item.key === SIGNATURE_ITEM_KEY),
                  );
                  const section = { key: `section.${uuidv7()}`, title: '', items: [] };
                  if (signOff < 0) return [...current, section];
                  return [...current.slice(0, signOff), section, ...current.slice(signOff)];
                })
              }
            >
              {t('checklist.template.addSection')}
            </Button>
            <Button type="primary" onClick={() => void handleSave()} disabled={!dirty}>
              {t('checklist.template.save')}
            </Button>
            <Button onClick={() => setSections(template.sections)} disabled={!dirty}>
              {t('checklist.template.reset')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}

type OrderButtonsProps = {
  upDisabled: boolean;
  downDisabled: boolean;
  removeDisabled: boolean;
  onUp: () => void;
  onDown: () => void;
  onRemove: () => void;
};

/** Move up, move down, remove: for a section and for an item alike. */
function OrderButtons(props: OrderButtonsProps) {
  const { t } = useTranslation();
  const buttons = [
    {
      label: t('checklist.template.moveUp'),
      icon: <ArrowUpOutlined />,
      disabled: props.upDisabled,
      onClick: props.onUp,
      danger: false,
    },
    {
      label: t('checklist.template.moveDown'),
      icon: <ArrowDownOutlined />,
      disabled: props.downDisabled,
      onClick: props.onDown,
      danger: false,
    },
    {
      label: t('checklist.template.remove'),
      icon: <DeleteOutlined />,
      disabled: props.removeDisabled,
      onClick: props.onRemove,
      danger: true,
    },
  ];
  return (
    <Space size={2}>
      {buttons.map((button) => (
        <Tooltip key={button.label} title={button.label}>
          <Button
            size="small"
            type="text"
            danger={button.danger}
            icon={button.icon}
            aria-label={button.label}
            disabled={button.disabled}
            onClick={button.onClick}
          />
        </Tooltip>
      ))}
    </Space>
  );
}
