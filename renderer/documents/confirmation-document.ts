// 交车确认单: what the printable delivery confirmation says, as plain data (it crosses to the
// PDF worker): the vehicle, the dates, every checklist item with its state, who and when, and the
// customer's signature. Texts are already in the user's language.

import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { Customer } from '../../shared/domain/customer';
import type { Delivery, DeliveryItem } from '../../shared/domain/delivery';
import type { DealershipIdentity } from '../../shared/domain/settings';
import { PAGE_TOKEN, PAGES_TOKEN } from './export-table';
import { groupBySection, itemLabel, sectionTitle } from './checklist-labels';
import { checklistPhotos, UNREADABLE_TOKEN, type ConfirmationPhoto } from './confirmation-photos';

export type ConfirmationItem = { label: string; status: string; by: string; note: string };

export type ConfirmationDocument = {
  /** The dealership's name, then its address and phone line (lines left out when not set). */
  letterhead: string[];
  title: string;
  subtitle: string;
  facts: [label: string, value: string][];
  headers: { item: string; status: string; by: string; note: string };
  sections: { title: string; items: ConfirmationItem[] }[];
  statement: string;
  /** PNG data URL; empty when unsigned (the document then says so). */
  signature: string;
  signedLine: string;
  /** "交车照片": the section after the checklist, left out when there is no photo. */
  photosTitle: string;
  /** The checklist's photos in checklist order, captioned with their item (downscaled in the worker). */
  photos: ConfirmationPhoto[];
  /** Photos that could not be read (not on this laptop, or not decodable): not printed, counted. */
  unreadablePhotos: number;
  /** "{photos} 张照片无法读取，未打印": the token is filled with the final count (fillUnreadableLine). */
  unreadablePhotosLine: string;
  /** "第 {page} / {pages} 页": the tokens are filled on each page (fillPageLabel). */
  pageLabel: string;
};

const AT = 'YYYY-MM-DD HH:mm';

/**
 * `signature` is the image of `delivery.signature` (a stored reference resolved by the caller
 * through the attachments cache, see useSaveConfirmation); '' when unsigned. `photoImages` holds,
 * by item id, the image of each item's photo resolved the same way; a photo missing from it is
 * counted as unreadable.
 */
export function confirmationDocument(
  t: TFunction,
  customer: Customer,
  delivery: Delivery,
  items: readonly DeliveryItem[],
  signature: string,
  dealership: DealershipIdentity,
  photoImages: ReadonlyMap<string, string> = new Map(),
): ConfirmationDocument {
  const status = (item: DeliveryItem) => {
    switch (item.state) {
      case 'done':
        return t('confirmation.done');
      case 'not_applicable':
        return t('confirmation.notApplicable', { reason: item.notApplicableReason });
      case 'open':
        return t('confirmation.open');
    }
  };
  const by = (item: DeliveryItem) =>
    item.doneAt ? `${item.doneByName} ${dayjs(item.doneAt).format('MM-DD HH:mm')}` : '';
  const { photos, unreadable } = checklistPhotos(items, photoImages, (item) => ({
    caption: itemLabel(t, item),
    by: by(item),
  }));
  const contact = [
    dealership.address,
    dealership.phone ? t('confirmation.phone', { phone: dealership.phone }) : '',
  ]
    .filter(Boolean)
    .join('  ');
  return {
    letterhead: [dealership.name, contact].filter(Boolean),
    title: t('confirmation.title'),
    subtitle: t('confirmation.subtitle', { name: customer.name, at: dayjs().format(AT) }),
    facts: [
      [t('confirmation.customer'), `${customer.name}  ${customer.phones[0] ?? ''}`.trim()],
      [t('deliveries.vehicle.vin'), delivery.vin],
      [t('deliveries.vehicle.engineNumber'), delivery.engineNumber],
      [
        t('deliveries.vehicle.model'),
        [delivery.brand, delivery.model, delivery.colour].filter(Boolean).join(' '),
      ],
      [t('deliveries.vehicle.plate'), delivery.plate || '—'],
      [
        t('confirmation.deliveredAt'),
        dayjs(delivery.completedAt ?? delivery.scheduledAt).format(AT),
      ],
      [t('confirmation.warrantyStart'), delivery.warrantyStart ?? '—'],
      [t('confirmation.templateVersion'), `v${delivery.templateVersion}`],
    ],
    headers: {
      item: t('confirmation.item'),
      status: t('confirmation.status'),
      by: t('confirmation.by'),
      note: t('confirmation.note'),
    },
    sections: groupBySection(items).map((section) => ({
      title: sectionTitle(t, section),
      items: section.items.map((item) => ({
        label: itemLabel(t, item),
        status: status(item),
        by: by(item),
        note: item.note,
      })),
    })),
    statement: t('confirmation.statement'),
    signature,
    signedLine: delivery.signedAt
      ? t('deliveries.signedShown', {
          name: delivery.signedBy,
          at: dayjs(delivery.signedAt).format(AT),
        })
      : t('deliveries.notSigned'),
    photosTitle: t('confirmationPhotos.title'),
    photos,
    unreadablePhotos: unreadable,
    unreadablePhotosLine: t('confirmationPhotos.unreadable', { photos: UNREADABLE_TOKEN }),
    pageLabel: t('exports.details.page', { page: PAGE_TOKEN, pages: PAGES_TOKEN }),
  };
}

/** 交车确认单-林晓-20261124.pdf: the customer and the day, as a consultant files it. */
export function confirmationFileName(t: TFunction, customer: Customer, delivery: Delivery): string {
  const day = dayjs(delivery.completedAt ?? delivery.scheduledAt).format('YYYYMMDD');
  const safeName = customer.name.replace(/[\\/:*?"<>|]/g, '_');
  return `${t('confirmation.title')}-${safeName}-${day}.pdf`;
}
