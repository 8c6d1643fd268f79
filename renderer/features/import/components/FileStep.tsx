// Step 1: the file. Choose or drop it; for a CSV the detected encoding with a choice of others
// (decoded again at once, so a wrong guess shows as garbled text in the preview); the worksheet
// of a workbook; the header row (the detected one, changeable); the first lines as decoded.

import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Select, Space, Table, Typography, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { TEXT_ENCODINGS, type TextEncodingName } from '../../../../shared/import/decode';
import { columnLetter } from '../../../../shared/import/grid';
import type { OpenedFile, PreviewLine } from '../import-worker-protocol';

export type FileStepProps = {
  file: OpenedFile | null;
  preview: PreviewLine[];
  headerRow: number | null;
  problem: string | null;
  busy: boolean;
  onFile: (file: File) => void;
  onEncoding: (encoding: TextEncodingName) => void;
  onSheet: (sheet: string) => void;
  onHeaderRow: (line: number) => void;
  onTemplate: () => void;
};

export function FileStep(props: FileStepProps) {
  const { t } = useTranslation();
  const { file, preview, headerRow, problem } = props;
  const width = preview.reduce((widest, line) => Math.max(widest, line.cells.length), 0);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Upload.Dragger
        accept=".xlsx,.csv,.xls,.txt"
        multiple={false}
        showUploadList={false}
        disabled={props.busy}
        beforeUpload={(chosen) => {
          props.onFile(chosen);
          // Nothing is uploaded anywhere: the file is read on this computer.
          return Upload.LIST_IGNORE;
        }}
        data-testid="import-file-drop"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('importWizard.file.dragText')}</p>
        <p className="ant-upload-hint">{t('importWizard.file.dragHint')}</p>
      </Upload.Dragger>
      <Button icon={<DownloadOutlined />} onClick={props.onTemplate} data-testid="import-template">
        {t('importWizard.file.template')}
      </Button>
      {problem ? (
        <Alert
          type="error"
          showIcon
          title={t('importWizard.file.cannotImport')}
          description={problem}
          data-testid="import-problem"
        />
      ) : null}
      {file ? (
        <Form layout="inline">
          {file.kind === 'csv' && file.encoding ? (
            <Form.Item
              label={t('importWizard.file.encoding')}
              extra={
                file.detected
                  ? `${t('importWizard.file.encodingDetected', {
                      encoding: t(`importWizard.file.encodingName.${file.detected.encoding}`),
                    })}${file.detected.basis === 'guess' ? ` ${t('importWizard.file.encodingGuess')}` : ''}`
                  : undefined
              }
            >
              <Select
                aria-label={t('importWizard.file.encoding')}
                value={file.encoding}
                onChange={props.onEncoding}
                style={{ width: 300 }}
                disabled={props.busy}
                data-testid="import-encoding"
                options={TEXT_ENCODINGS.map((value) => ({
                  value,
                  label: t(`importWizard.file.encodingName.${value}`),
                }))}
              />
            </Form.Item>
          ) : null}
          {file.kind === 'xlsx' && file.sheetNames.length > 1 ? (
            <Form.Item label={t('importWizard.file.sheet')}>
              <Select
                aria-label={t('importWizard.file.sheet')}
                defaultValue={file.defaultSheet ?? undefined}
                onChange={props.onSheet}
                style={{ width: 220 }}
                disabled={props.busy}
                options={file.sheetNames.map((name) => ({ value: name, label: name }))}
              />
            </Form.Item>
          ) : null}
          {preview.length > 0 ? (
            <Form.Item label={t('importWizard.file.headerRow')}>
              <Select
                aria-label={t('importWizard.file.headerRow')}
                value={headerRow ?? undefined}
                onChange={props.onHeaderRow}
                style={{ width: 360 }}
                disabled={props.busy}
                data-testid="import-header-row"
                options={preview.map((line) => ({
                  value: line.line,
                  label: t('importWizard.file.headerRowOption', {
                    line: line.line,
                    text: line.cells
                      .filter((cell) => cell !== '')
                      .join(' | ')
                      .slice(0, 60),
                  }),
                }))}
              />
            </Form.Item>
          ) : null}
        </Form>
      ) : null}
      {preview.length > 0 ? (
        <>
          <Typography.Text strong>
            {t('importWizard.file.previewTitle')} · {file?.fileName}
          </Typography.Text>
          <Table<PreviewLine>
            size="small"
            rowKey="line"
            pagination={false}
            bordered
            scroll={{ x: 'max-content' }}
            dataSource={preview}
            data-testid="import-file-preview"
            onRow={(line) =>
              line.line === headerRow ? { style: { background: '#e6f0ff', fontWeight: 600 } } : {}
            }
            columns={[
              { title: t('importWizard.file.line'), dataIndex: 'line', width: 56, fixed: 'left' },
              ...Array.from({ length: width }, (_, column) => ({
                key: String(column),
                title: columnLetter(column),
                render: (_: unknown, line: PreviewLine) => line.cells[column] ?? '',
              })),
            ]}
          />
        </>
      ) : null}
    </Space>
  );
}
