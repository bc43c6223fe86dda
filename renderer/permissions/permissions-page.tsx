/** Permissions: what clients may reach. Edits stay in a draft until Save; pause applies at once. */
import { useAppState } from '../app-state.js';
import { formatPolicyIssues } from '../../server/policy/issues.js';
import { PageHeader } from '../components/page-header.js';
import { DatabasesSection } from './databases-section.js';
import { DenySection } from './deny-section.js';
import { HistorySection } from './history-section.js';
import { LimitsSection } from './limits-section.js';
import { PauseCard } from './pause-card.js';
import { RootsSection } from './roots-section.js';
import { SaveBar } from './save-bar.js';
import { ToolsSection } from './tools-section.js';

/** The Permissions page. */
export function PermissionsPage() {
  const { policy, editor } = useAppState();
  const latest = policy.value;
  return (
    <>
      <PageHeader
        title="Permissions"
        description={latest ? `What clients may reach. Changes apply when you save them to ${latest.file}.` : ''}
      >
        {!editor.dirty && latest?.state !== 'invalid' && (
          <span class="muted small" role="status">
            All changes are saved.
          </span>
        )}
      </PageHeader>
      {latest?.state === 'invalid' && (
        <div class="banner banner-bad" role="alert">
          <div>
            <strong>The policy file has errors</strong>, so servers keep the last valid policy:{' '}
            {formatPolicyIssues(latest.issues)}. Fix the file, or restore an earlier version below.
          </div>
        </div>
      )}
      {editor.conflict && (
        <div class="banner banner-warn" role="alert">
          <div>
            <strong>The policy file changed on disk</strong> in a way that clashes with your unsaved changes.
          </div>
          <button type="button" class="btn" onClick={editor.discard}>
            Discard mine, load the file
          </button>
        </div>
      )}
      <PauseCard />
      <RootsSection editor={editor} />
      <DatabasesSection editor={editor} />
      <ToolsSection editor={editor} />
      <DenySection editor={editor} />
      <LimitsSection editor={editor} />
      <HistorySection editor={editor} />
      <SaveBar editor={editor} />
    </>
  );
}
