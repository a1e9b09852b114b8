import { dropTemplates } from './migrated-template';

export default dropTemplates;
