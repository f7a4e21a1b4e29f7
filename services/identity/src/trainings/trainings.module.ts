import { Module } from '@nestjs/common';
import { ChangeTraining } from './change-training.use-case';
import { EnrolStaff } from './enrol-staff.use-case';
import { RecordAttendance } from './record-attendance.use-case';
import { ScheduleTraining } from './schedule-training.use-case';
import { TrainingSessions } from './training-sessions';
import { TrainingQueries } from './training.queries';
import { TrainingHoursController, TrainingsController } from './trainings.controller';

/** Trainings and supervision sessions, enrolments, attendance and hours. HTTP only. */
@Module({
  controllers: [TrainingsController, TrainingHoursController],
  providers: [
    TrainingSessions,
    ScheduleTraining,
    ChangeTraining,
    EnrolStaff,
    RecordAttendance,
    TrainingQueries,
  ],
})
export class TrainingsModule {}
