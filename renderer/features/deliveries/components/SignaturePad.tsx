// The customer signs the delivery confirmation on screen, with a pen, a finger or the mouse
// (signature_pad handles pointer and touch input and smooths the strokes).

import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import SignaturePadLib from 'signature_pad';

type SignaturePadProps = {
  /** Receives the signature as a PNG data URL; null while the pad is empty. */
  onChange: (png: string | null) => void;
};

const HEIGHT = 200;

export function SignaturePad({ onChange }: SignaturePadProps) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const [empty, setEmpty] = useState(true);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Sharp strokes on high-density screens: the bitmap has device pixels, the pen CSS pixels.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = HEIGHT * ratio;
    canvas.getContext('2d')?.scale(ratio, ratio);
    const pad = new SignaturePadLib(canvas, { penColor: '#0b1f4d', minWidth: 0.8, maxWidth: 2.6 });
    const handleEnd = () => {
      setEmpty(pad.isEmpty());
      onChangeRef.current(pad.isEmpty() ? null : pad.toDataURL('image/png'));
    };
    pad.addEventListener('endStroke', handleEnd);
    padRef.current = pad;
    return () => {
      pad.removeEventListener('endStroke', handleEnd);
      pad.off();
      padRef.current = null;
    };
  }, []);

  const handleClear = () => {
    padRef.current?.clear();
    setEmpty(true);
    onChange(null);
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <canvas
        ref={canvasRef}
        data-testid="signature-pad"
        aria-label={t('deliveries.signHere')}
        style={{
          width: '100%',
          height: HEIGHT,
          border: '1px dashed #8c8c8c',
          borderRadius: 6,
          background: '#fcfcf7',
          touchAction: 'none',
          cursor: 'crosshair',
        }}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text type="secondary">
          {empty ? t('deliveries.signHere') : t('deliveries.signedPreview')}
        </Typography.Text>
        <Button onClick={handleClear} disabled={empty}>
          {t('deliveries.clearSignature')}
        </Button>
      </Space>
    </Space>
  );
}
