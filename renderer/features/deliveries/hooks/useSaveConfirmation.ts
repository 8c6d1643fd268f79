// Saves the delivery confirmation: the document is made from the live rows in the user's language,
// the PDF is built in the export worker (pdfmake and the CJK font stay off the main thread), then
// Electron asks where to save it and a browser downloads it. Checklist photos not on this laptop
// are left out of the PDF (it says how many), unlike the signature.

import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain/customer';
import type { Delivery, DeliveryItem } from '../../../../shared/domain/delivery';
import { resolveImage, resolvePhotoImages } from '../../../db/attachments-repo';
import { db } from '../../../db/db';
import { readDealershipSettings } from '../../../db/settings-repo';
import { desktop } from '../../../desktop/desktop';
import { useReportError } from '../../../ui/useReportError';
import { runExport } from '../../../documents/run-export';
import {
  confirmationDocument,
  confirmationFileName,
} from '../../../documents/confirmation-document';

export function useSaveConfirmation() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [saving, setSaving] = useState(false);

  const save = async (customer: Customer, delivery: Delivery, items: DeliveryItem[]) => {
    // The signature may be a reference whose image this laptop has not fetched yet: a
    // confirmation must not go out looking unsigned.
    const signature = await resolveImage(db, delivery.signature);
    if (signature.state === 'missing') {
      message.warning(t('attachments.signatureNotHere'));
      return;
    }
    const { dealership } = await readDealershipSettings(db);
    const photoImages = await resolvePhotoImages(db, items);
    setSaving(true);
    const progressKey = `confirmation-${delivery.id}`;
    void message.loading({ key: progressKey, content: t('confirmation.saving'), duration: 0 });
    try {
      const run = runExport(
        {
          format: 'delivery-confirmation',
          document: confirmationDocument(
            t,
            customer,
            delivery,
            items,
            signature.state === 'ready' ? signature.src : '',
            dealership,
            photoImages,
          ),
        },
        () => undefined,
      );
      const bytes = await run.result;
      message.destroy(progressKey);
      const saved = await desktop.saveFile({
        suggestedName: confirmationFileName(t, customer, delivery),
        content: bytes,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (saved.saved) message.success(t('deliveries.confirmationSaved', { file: saved.fileName }));
    } catch (error) {
      message.destroy(progressKey);
      reportError(error);
    } finally {
      setSaving(false);
    }
  };

  return { saving, save };
}
