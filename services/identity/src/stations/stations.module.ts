import { Module } from '@nestjs/common';
import { ClosePoint } from './close-point/close-point.use-case';
import { CloseStation } from './close-station/close-station.use-case';
import { CoverageController } from './coverage/coverage.controller';
import { CoverageRepository } from './coverage/coverage.repository';
import { Coverage } from './coverage/coverage.use-case';
import { ListStations } from './list-stations/list-stations.use-case';
import { OpenPoint } from './open-point/open-point.use-case';
import { OpenStation } from './open-station/open-station.use-case';
import { PointsController } from './points.controller';
import { StationAccess } from './station-access';
import { StationRepository } from './station.repository';
import { StationsController } from './stations.controller';
import { UpdatePoint } from './update-point/update-point.use-case';
import { UpdateStation } from './update-station/update-station.use-case';

/** Stations (社工站), their points (社工点) and coverage (/stations, /points, /coverage). */
@Module({
  controllers: [StationsController, PointsController, CoverageController],
  providers: [
    StationRepository,
    StationAccess,
    CoverageRepository,
    OpenStation,
    ListStations,
    UpdateStation,
    CloseStation,
    OpenPoint,
    UpdatePoint,
    ClosePoint,
    Coverage,
  ],
})
export class StationsModule {}
