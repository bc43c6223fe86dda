/** Connect: Claude Desktop in one click, a self-test, and snippets for other clients. */
import { PageHeader } from '../components/page-header.js';
import { AppCard } from './app-card.js';
import { ClaudeCard } from './claude-card.js';
import { SelfTestCard } from './self-test-card.js';
import { SnippetsCard } from './snippets-card.js';

/** The Connect page. */
export function ConnectPage() {
  return (
    <>
      <PageHeader title="Connect" description="Let an AI client use Gatehouse, and check that it works." />
      <ClaudeCard />
      <SelfTestCard />
      <SnippetsCard />
      <AppCard />
    </>
  );
}
