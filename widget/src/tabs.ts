export type Tab = 'invite' | 'rewards' | 'earn';
export const TABS: readonly Tab[] = ['invite', 'rewards', 'earn'];

export function isTab(value: unknown): value is Tab {
  return TABS.includes(value as Tab);
}
