/** The dashboard's entry: styles, then the app into #app. */
import { render } from 'preact';
import { App } from './app.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/content.css';
import './styles/overview.css';
import './styles/permissions.css';
import './styles/logs.css';
import './styles/connect.css';

render(<App />, document.getElementById('app')!);
