// Lazy chunk: the QR encoder is only fetched when someone opens the WeChat share.
import { encode } from 'uqr';
import type { FlywheelStub } from './loader-config.ts';

const encodeQr = (text: string) => encode(text, { border: 0, ecc: 'M' }).data;

(window as Window & { flywheel?: FlywheelStub }).flywheel?.('_chunk', 'qr', encodeQr);
