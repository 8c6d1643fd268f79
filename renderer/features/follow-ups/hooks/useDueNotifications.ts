// Desktop notifications for follow-ups as they fall due while the app is open. A click on one
// opens the customer's card. A locked app notifies nothing: the notification names the customer.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { followUpsFallingDue } from '../../../db/follow-up-queries';
import { desktop } from '../../../desktop/desktop';
import { isVaultOpen, useLockVault } from '../../lock';
import { useFollowUpPurpose } from './useFollowUpPurpose';

const CHECK_EVERY_MS = 30_000;

export function useDueNotifications(onOpenCustomer: (customerId: string) => void): void {
  const { t } = useTranslation();
  const purposeText = useFollowUpPurpose();
  const vault = useLockVault();
  const lastCheck = useRef(new Date());
  const latest = useRef({ t, purposeText, onOpenCustomer });
  latest.current = { t, purposeText, onOpenCustomer };

  useEffect(() => {
    const check = async () => {
      if (!isVaultOpen(vault)) return;
      const now = new Date();
      const due = await followUpsFallingDue(db, lastCheck.current, now);
      lastCheck.current = now;
      const { t: translate, purposeText: purpose } = latest.current;
      for (const { followUp, customer } of due) {
        // The app may have locked while the query ran.
        if (!isVaultOpen(vault)) return;
        await desktop.showNotification({
          title: translate('followUps.notification', { name: customer.name }),
          body: translate('followUps.notificationBody', {
            channel: translate(`followUps.channels.${followUp.channel}`),
            purpose: purpose(followUp.purpose),
          }),
          tag: customer.id,
        });
      }
    };
    const timer = setInterval(() => void check().catch(() => undefined), CHECK_EVERY_MS);
    const unsubscribe = desktop.onNotificationClick((customerId) =>
      latest.current.onOpenCustomer(customerId),
    );
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [vault]);
}
