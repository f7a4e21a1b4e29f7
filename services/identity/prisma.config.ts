import { servicePrismaConfig } from '../../tools/prisma/service-config';

export default servicePrismaConfig(__dirname, 'identity');
