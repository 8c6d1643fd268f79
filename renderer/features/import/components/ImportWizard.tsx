// The import wizard: file → columns → preview → import. The file is opened and planned in a Web
// Worker (useImportSession); this component holds the user's choices and carries them to the
// worker, and writes the plan through applyImport (the one write path) once confirmed.

import { Button, Space, Spin, Steps } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localDay } from '../../../../shared/domain/dates';
import type { ColumnTarget } from '../../../../shared/import/columns';
import type { TextEncodingName } from '../../../../shared/import/decode';
import { SKIP_DUPLICATES, type DuplicatePolicy } from '../../../../shared/import/duplicates';
import type { EnumField, EnumMappings } from '../../../../shared/import/enum-values';
import type { Importer, OwnerAssignment } from '../../../../shared/import/owners';
import { renderImportMessage } from '../../../../shared/import/reasons';
import { importTag } from '../../../../shared/import/row';
import { canManageTeam } from '../../../../shared/sync/protocol';
import { db } from '../../../db/db';
import {
  applyImport,
  loadImportMapping,
  saveImportMapping,
  type ImportBatchSummary,
  type ImportProgress,
} from '../../../db/import-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { useTeam } from '../../../db/useTeam';
import { useAppStore } from '../../../state/store';
import { useWriteContext } from '../../../state/useWriteContext';
import { useHandOverImport } from '../hooks/useHandOverImport';
import { useImportSession } from '../hooks/useImportSession';
import { useSaveTable } from '../hooks/useSaveTable';
import { ImportFailure, type PlanAnswer, type SetupAnswer } from '../import-session';
import { importTemplateTable } from '../import-template';
import type { OpenedFile, PlanChoice, PlanPhase, SetupChoice } from '../import-worker-protocol';
import { invalidRowsTable } from '../invalid-rows';
import { ApplyStep, type ApplyStepProps } from './ApplyStep';
import { FileStep } from './FileStep';
import { MappingStep, type OwnerMode } from './MappingStep';
import { PreviewStep } from './PreviewStep';

export type ImportWizardProps = {
  /** A file dropped on the window: opened at once. */
  initialFile: File | null;
  onShowCustomers: (tag: string) => void;
  onShowFollowUps: () => void;
};

type Opened = { file: OpenedFile; bytes: Uint8Array };

function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '');
}

export function ImportWizard(props: ImportWizardProps) {
  const { t } = useTranslation();
  const session = useImportSession();
  const ctx = useWriteContext();
  const settings = useDealershipSettings();
  const team = useTeam() ?? [];
  const user = useAppStore((state) => state.sync.user);
  const saveTable = useSaveTable();
  const isManager = user !== null && canManageTeam(user.role);
  // Without a server login nobody is a manager: the cards are the user's own.
  const importer: Importer = {
    id: ctx.actorId,
    role: user !== null && isManager ? (user.role === 'admin' ? 'admin' : 'manager') : 'consultant',
  };

  const [step, setStep] = useState(0);
  const [phase, setPhase] = useState<PlanPhase | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);
  const [answer, setAnswer] = useState<SetupAnswer | null>(null);
  const [choice, setChoice] = useState<SetupChoice>({ sheet: null });
  const [remembered, setRemembered] = useState(false);
  const [importName, setImportName] = useState('');
  const [ownerMode, setOwnerMode] = useState<OwnerMode>('importer');
  const [roundRobin, setRoundRobin] = useState<string[]>([]);
  const [ownerNames, setOwnerNames] = useState<Record<string, string | null>>({});
  const [planned, setPlanned] = useState<PlanAnswer | null>(null);
  const [policy, setPolicy] = useState<DuplicatePolicy>(SKIP_DUPLICATES);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportBatchSummary | null>(null);
  const [applyFailure, setApplyFailure] = useState<string | null>(null);
  const [handover, setHandover] = useState<ApplyStepProps['handover']>(null);
  const abort = useRef<AbortController | null>(null);
  const handOver = useHandOverImport();

  const render = (text: string) => renderImportMessage(text, (key, params) => t(key, params ?? {}));
  const describe = (error: unknown) =>
    error instanceof ImportFailure && error.importError
      ? render(error.message)
      : t('importWizard.file.failed', {
          message: error instanceof Error ? error.message : String(error),
        });

  const ownersFor = (
    mode: OwnerMode,
    names: Record<string, string | null>,
    ids: string[],
  ): OwnerAssignment => {
    if (!isManager || mode === 'importer') return { mode: 'importer' };
    if (mode === 'roundRobin') return { mode: 'roundRobin', userIds: ids };
    return {
      mode: 'column',
      users: team.map(({ id, name, login, active }) => ({ id, name, login, active })),
      names,
    };
  };

  /** Asks the worker for the setup of these choices; a fresh layout gets its saved mapping. */
  const runSetup = async (next: SetupChoice, fileName?: string) => {
    setPhase('reading');
    try {
      let got = await session().setup(next);
      let used = next;
      let fromMemory = false;
      if (got.setup && next.mapping === undefined) {
        const saved = await loadImportMapping(db, got.setup.layoutKey);
        if (saved && saved.mapping.length === got.setup.headers.length) {
          used = { ...next, mapping: saved.mapping, enumMappings: saved.enumMappings };
          got = await session().setup(used);
          fromMemory = true;
        }
      }
      if (next.mapping === undefined) setRemembered(fromMemory);
      setAnswer(got);
      setChoice(used);
      setProblem(got.problem === null ? null : render(got.problem));
      if (fileName !== undefined) setImportName(importTag(got.setup?.title ?? baseName(fileName)));
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setPhase(null);
    }
  };

  const openFile = async (bytes: Uint8Array, fileName: string, encoding?: TextEncodingName) => {
    setPhase('reading');
    setProblem(null);
    try {
      const file = await session().open(bytes, fileName, encoding);
      setOpened({ file, bytes });
      setPlanned(null);
      setPolicy(SKIP_DUPLICATES);
      await runSetup({ sheet: file.defaultSheet }, fileName);
    } catch (error) {
      setOpened(null);
      setAnswer(null);
      setProblem(describe(error));
      setPhase(null);
    }
  };

  const handleFile = async (file: File) => {
    await openFile(new Uint8Array(await file.arrayBuffer()), file.name);
  };

  // A file dropped on the window is opened as soon as the wizard shows (the launcher mounts a
  // new wizard for each drop).
  const { initialFile } = props;
  useEffect(() => {
    if (initialFile) void handleFile(initialFile);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per dropped file
  }, [initialFile]);

  const setup = answer?.setup ?? null;

  const planChoice = (duplicates: DuplicatePolicy): PlanChoice | null => {
    if (!setup) return null;
    return {
      sheet: choice.sheet,
      headerRow: setup.headerRow,
      mapping: setup.mapping,
      enumMappings: setup.enumMappings,
      owners: ownersFor(ownerMode, ownerNames, roundRobin),
      importer,
      today: localDay(new Date()),
      duplicates,
      importName,
      intentThresholds: settings?.intentThresholds,
    };
  };

  const runPlan = async (
    work: (choice: PlanChoice) => Promise<PlanAnswer>,
    duplicates: DuplicatePolicy,
  ) => {
    const next = planChoice(duplicates);
    if (!next) return;
    setPhase('checking');
    try {
      setPlanned(await work(next));
      setProblem(null);
      setStep(2);
    } catch (error) {
      setProblem(describe(error));
    } finally {
      setPhase(null);
    }
  };

  const mappingProblem = (): string | null => {
    if (!setup) return null;
    if (!setup.mapping.includes('name') && !setup.mapping.includes('phones')) {
      return t('importWizard.mapping.needNameOrPhone');
    }
    if (isManager && ownerMode === 'column' && !setup.mapping.includes('owner')) {
      return t('importWizard.mapping.ownerNoColumn');
    }
    if (isManager && ownerMode === 'roundRobin' && roundRobin.length === 0) {
      return t('importWizard.mapping.ownerPickRequired');
    }
    return null;
  };

  const handleToPreview = async () => {
    if (!setup) return;
    const wrong = mappingProblem();
    if (wrong) {
      setProblem(wrong);
      return;
    }
    await saveImportMapping(db, setup.layoutKey, {
      mapping: setup.mapping,
      enumMappings: setup.enumMappings,
    });
    await runPlan((next) => session().plan(next, setPhase), policy);
  };

  const handleImport = async () => {
    if (!planned || !opened) return;
    const controller = new AbortController();
    abort.current = controller;
    setStep(3);
    setSummary(null);
    setApplyFailure(null);
    setHandover(null);
    try {
      const done = await applyImport(ctx, planned.plan, {
        fileName: opened.file.fileName,
        importName,
        signal: controller.signal,
        onProgress: setProgress,
      });
      setSummary(done);
      const forOthers = planned.plan.rows.some(
        (row) =>
          row.action === 'create' && row.ownerId !== undefined && row.ownerId !== ctx.actorId,
      );
      if (isManager && forOthers && done.counts.created > 0) {
        setHandover({ state: 'running' });
        try {
          const result = await handOver(done.id, planned.plan, ctx.actorId);
          setHandover({ state: 'done', count: result.handedOver });
        } catch (error) {
          setHandover({
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    } catch (error) {
      setApplyFailure(error instanceof Error ? error.message : String(error));
    } finally {
      abort.current = null;
    }
  };

  const handleTarget = (column: number, target: ColumnTarget) => {
    if (!setup) return;
    const mapping = setup.mapping.map((current, index) => (index === column ? target : current));
    void runSetup({
      ...choice,
      headerRow: setup.headerRow,
      mapping,
      enumMappings: setup.enumMappings,
    });
  };

  const handleEnumValue = (field: EnumField, text: string, value: string | null) => {
    if (!setup) return;
    const enumMappings = {
      ...setup.enumMappings,
      [field]: { ...setup.enumMappings[field], [text]: value },
    } as EnumMappings;
    void runSetup({ ...choice, headerRow: setup.headerRow, mapping: setup.mapping, enumMappings });
  };

  const handleOwners = (mode: OwnerMode, names: Record<string, string | null>, ids: string[]) => {
    setOwnerMode(mode);
    setOwnerNames(names);
    setRoundRobin(ids);
    if (!setup) return;
    void runSetup({
      ...choice,
      headerRow: setup.headerRow,
      mapping: setup.mapping,
      enumMappings: setup.enumMappings,
      owners: ownersFor(mode, names, ids),
    });
  };

  const importable = planned ? planned.plan.counts.create + planned.plan.counts.update : 0;
  const busy = phase !== null;
  const tag = importTag(importName);

  return (
    <Space orientation="vertical" size={20} style={{ width: '100%' }}>
      <Steps
        current={step}
        items={(['file', 'mapping', 'preview', 'import'] as const).map((key) => ({
          title: t(`importWizard.steps.${key}`),
        }))}
      />
      <Spin spinning={busy} tip={phase ? t(`importWizard.preview.phase.${phase}`) : undefined}>
        <div data-testid={`import-step-${step}`}>
          {step === 0 ? (
            <FileStep
              file={opened?.file ?? null}
              preview={answer?.preview ?? []}
              headerRow={setup?.headerRow ?? null}
              problem={problem}
              busy={busy}
              onFile={(file) => void handleFile(file)}
              onEncoding={(encoding) =>
                opened && void openFile(opened.bytes, opened.file.fileName, encoding)
              }
              onSheet={(sheet) => void runSetup({ sheet }, opened?.file.fileName)}
              onHeaderRow={(headerRow) => void runSetup({ sheet: choice.sheet, headerRow })}
              onTemplate={() =>
                void saveTable(importTemplateTable(t('importWizard.file.templateTitle')))
              }
            />
          ) : null}
          {step === 1 && setup ? (
            <MappingStep
              setup={setup}
              preview={answer?.preview ?? []}
              remembered={remembered}
              importName={importName}
              onImportName={setImportName}
              onTarget={handleTarget}
              onEnumValue={handleEnumValue}
              problem={problem}
              owners={
                isManager
                  ? {
                      mode: ownerMode,
                      team,
                      roundRobin,
                      onMode: (mode) => handleOwners(mode, ownerNames, roundRobin),
                      onRoundRobin: (ids) => handleOwners(ownerMode, ownerNames, ids),
                      onOwnerName: (name, userId) =>
                        handleOwners(ownerMode, { ...ownerNames, [name]: userId }, roundRobin),
                    }
                  : null
              }
            />
          ) : null}
          {step === 2 && planned ? (
            <PreviewStep
              plan={planned.plan}
              invalidCells={planned.invalidCells}
              policy={policy}
              busy={busy}
              onPolicy={(next) => {
                setPolicy(next);
                void runPlan((c) => session().plan(c, setPhase), next);
              }}
              onFixLine={(line, cells) =>
                void runPlan((c) => session().fixLine(line, cells, c, setPhase), policy)
              }
              onExportInvalid={() =>
                void saveTable(
                  invalidRowsTable(planned.plan, planned.invalidCells, render, {
                    title:
                      `${baseName(opened?.file.fileName ?? '')} ${t('importWizard.preview.invalidTitle')}`.trim(),
                    line: t('importWizard.preview.invalidLine'),
                    reason: t('importWizard.preview.invalidReason'),
                  }),
                )
              }
            />
          ) : null}
          {step === 3 ? (
            <ApplyStep
              progress={progress}
              summary={summary}
              failure={applyFailure}
              onCancel={() => abort.current?.abort()}
              onShowCustomers={
                summary && summary.counts.created + summary.counts.updated > 0 && tag !== ''
                  ? () => props.onShowCustomers(tag)
                  : null
              }
              onShowFollowUps={props.onShowFollowUps}
              handover={handover}
            />
          ) : null}
        </div>
      </Spin>
      <Space>
        {step > 0 && step < 3 ? (
          <Button
            disabled={busy}
            onClick={() => {
              setProblem(null);
              setStep(step - 1);
            }}
          >
            {t('importWizard.back')}
          </Button>
        ) : null}
        {step === 0 ? (
          <Button
            type="primary"
            disabled={busy || !setup}
            onClick={() => {
              setProblem(null);
              setStep(1);
            }}
            data-testid="import-next"
          >
            {t('importWizard.next')}
          </Button>
        ) : null}
        {step === 1 ? (
          <Button
            type="primary"
            disabled={busy}
            onClick={() => void handleToPreview()}
            data-testid="import-next"
          >
            {t('importWizard.next')}
          </Button>
        ) : null}
        {step === 2 ? (
          <Button
            type="primary"
            disabled={busy || importable === 0}
            onClick={() => void handleImport()}
            data-testid="import-start"
          >
            {importable === 0
              ? t('importWizard.preview.nothingToImport')
              : t('importWizard.preview.start', { count: importable })}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}
