import '@awesome.me/webawesome/dist/styles/webawesome.css';
import { installTheme } from './design/theme';
import './lucioleApp';

installTheme();
