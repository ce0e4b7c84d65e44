// Words for the API's codes. Unknown codes (the API may add fields) fall back to the code itself.
import type { Segment } from '../../src/domain/segments.ts';

export const FLAG_LABELS: Record<string, { label: string; hint: string }> = {
  disposable_email: {
    label: 'Disposable email',
    hint: 'The friend used a throwaway email domain.',
  },
  same_device_as_referrer: {
    label: 'Same device as referrer',
    hint: 'The friend’s IP and browser match the referrer’s.',
  },
  ip_velocity: {
    label: 'Many orders from one IP',
    hint: 'More referred orders from this IP today than the program allows.',
  },
};

export const SOURCE_LABELS: Record<string, string> = {
  referral_referrer: 'Referrer reward',
  referral_friend: 'Friend reward',
  new_customer_offer: 'New-customer offer',
  share: 'Share to earn',
  signup: 'Sign-up',
  birthday: 'Birthday',
  purchase: 'Purchase points',
  milestone: 'Milestone bonus',
  redemption: 'Redemption',
};

export const SEGMENT_LABELS: Record<Segment, string> = {
  new: 'New',
  active: 'Active',
  purchased: 'Purchased once',
  high_value: 'High value',
  silent: 'Silent',
};

export const labelOf = (labels: Record<string, string>, code: string): string => labels[code] ?? code;
