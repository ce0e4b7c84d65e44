// Signed out: the key form. Signed in: the dashboard.

import { Dashboard } from './dashboard.tsx';
import { KeyForm } from './key-form.tsx';
import { secretKey } from './session.ts';

export function App() {
  return secretKey.value ? <Dashboard /> : <KeyForm />;
}
