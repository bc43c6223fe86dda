/** The banner every page shows while all tools are paused, with the way out. */
import { api } from '../api.js';
import { useAppState } from '../app-state.js';
import { useAction } from '../lib/use-action.js';
import { ErrorText } from './error-text.js';

/** Shown while `paused` is true in the policy file; Resume applies at once. */
export function PausedBanner() {
  const { policy } = useAppState();
  const resume = useAction(() => api.setPaused({ paused: false }));
  if (!policy.value?.policy.paused) return null;
  const onResume = async () => {
    const status = await resume.run();
    if (status) policy.set(status);
  };
  return (
    <div class="banner banner-warn" role="status">
      <div>
        <strong>All tools are paused.</strong> Every tool call is refused with PAUSED until you resume.
        <ErrorText error={resume.error} />
      </div>
      <button type="button" class="btn" onClick={onResume} disabled={resume.busy}>
        Resume
      </button>
    </div>
  );
}
