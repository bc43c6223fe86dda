/** Ready-to-paste configuration for other clients, each with a Copy button. */
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { ErrorText } from '../components/error-text.js';
import { copyText } from '../lib/clipboard.js';
import { useLive } from '../lib/use-live.js';

/** The snippets card. */
export function SnippetsCard() {
  const snippets = useLive(api.getClientSnippets);
  const [copied, setCopied] = useState('');
  return (
    <section class="card" aria-labelledby="snippets-title">
      <div>
        <h2 id="snippets-title">Other clients</h2>
        <p class="muted small">Paste one of these where the client keeps its MCP servers.</p>
      </div>
      <ErrorText error={snippets.error} />
      <div class="snippets">
        {(snippets.value ?? []).map((snippet) => (
          // A one-line command gets the whole width; configuration files sit side by side.
          <div key={snippet.client} class={snippet.text.includes('\n') ? 'snippet' : 'snippet snippet-wide'}>
            <div class="snippet-header">
              <div>
                <h3>{snippet.title}</h3>
                <p class="muted small">{snippet.where}</p>
              </div>
              <button
                type="button"
                class="btn btn-small"
                aria-label={`Copy the ${snippet.title} snippet`}
                onClick={async () => setCopied((await copyText(snippet.text)) ? snippet.client : '')}
              >
                {copied === snippet.client ? 'Copied' : 'Copy'}
              </button>
            </div>
            <pre class="code">
              <code>{snippet.text}</code>
            </pre>
          </div>
        ))}
      </div>
    </section>
  );
}
