import { Module } from '@nestjs/common';
import { RecordCertificate } from './certificates/record-certificate.use-case';
import { LeaveStaff } from './leave-staff.use-case';
import { EndPost } from './posts/end-post.use-case';
import { FillPost } from './posts/fill-post.use-case';
import { OpenPost } from './posts/open-post.use-case';
import { PostQueries } from './posts/post.queries';
import { PostsController } from './posts/posts.controller';
import { RegisterStaff } from './register-staff.use-case';
import { StaffController } from './staff.controller';
import { StaffQueries } from './staff.queries';
import { TalentController } from './talent/talent.controller';
import { TalentQuery } from './talent/talent.query';
import { UpdateStaff } from './update-staff.use-case';

/** Staff (社工) profiles and certificates, posts (岗位), and talent figures. HTTP only. */
@Module({
  controllers: [StaffController, PostsController, TalentController],
  providers: [
    RegisterStaff,
    UpdateStaff,
    LeaveStaff,
    RecordCertificate,
    StaffQueries,
    OpenPost,
    FillPost,
    EndPost,
    PostQueries,
    TalentQuery,
  ],
})
export class StaffModule {}
