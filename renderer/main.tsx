/** The dashboard's entry: styles, then the app into #app. */
import { render } from 'preact';
import { App } from './app.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/content.css';

render(<App />, document.getElementById('app')!);
