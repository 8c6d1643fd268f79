// A checklist's texts: the dealership's own, or — for items and sections of the default template,
// stored with empty text — the UI's translation of their key.

import type { TFunction } from 'i18next';
import type { DeliveryItem } from '../../shared/domain/delivery';

export function itemLabel(t: TFunction, item: Pick<DeliveryItem, 'label' | 'itemKey'>): string {
  return item.label || t(`checklist.items.${item.itemKey}`, { defaultValue: item.itemKey });
}

export function sectionTitle(t: TFunction, section: { title: string; key: string }): string {
  return section.title || t(`checklist.sections.${section.key}`, { defaultValue: section.key });
}

export type ChecklistSection = { key: string; title: string; items: DeliveryItem[] };

/** Items (already in checklist order) grouped by their section, sections in order of appearance. */
export function groupBySection(items: readonly DeliveryItem[]): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  for (const item of items) {
    const last = sections[sections.length - 1];
    if (last && last.key === item.sectionKey) last.items.push(item);
    else sections.push({ key: item.sectionKey, title: item.sectionTitle, items: [item] });
  }
  return sections;
}
