// The dealership's delivery checklist template: one synced row (id "dealership"), the default
// until a manager saves their own. Every save is a new version; deliveries keep the version they
// started from because their items are copied when they are scheduled.

import {
  CHECKLIST_TEMPLATE_ID,
  DEFAULT_CHECKLIST_TEMPLATE,
  type ChecklistTemplateFields,
  type ChecklistTemplateSection,
} from '../../shared/domain/checklist-template';
import type { AppDB } from './AppDB';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function readChecklistTemplate(db: AppDB): Promise<ChecklistTemplateFields> {
  const row = await db.checklistTemplates.get(CHECKLIST_TEMPLATE_ID);
  if (!row) return structuredClone(DEFAULT_CHECKLIST_TEMPLATE);
  return { version: row.version, sections: row.sections };
}

/** Saves the sections as the next version; returns that version. */
export async function saveChecklistTemplate(
  ctx: WriteContext,
  sections: ChecklistTemplateSection[],
): Promise<number> {
  return inWriteTransaction(ctx, ['checklistTemplates'], async () => {
    const current = await readChecklistTemplate(ctx.db);
    const version = current.version + 1;
    await writeRow(ctx, 'checklistTemplates', CHECKLIST_TEMPLATE_ID, {
      ownerId: ctx.actorId,
      createdAt: ctx.now().toISOString(),
      version,
      sections,
    });
    return version;
  });
}
