-- CreateTable
CREATE TABLE "outbox_event" (
    "id" UUID NOT NULL,
    "subject" VARCHAR(255) NOT NULL,
    "envelope" JSONB NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_event" (
    "consumer" VARCHAR(100) NOT NULL,
    "event_id" UUID NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer","event_id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "consumer" VARCHAR(100) NOT NULL,
    "event_id" UUID,
    "subject" VARCHAR(255) NOT NULL,
    "payload" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "deliveries" INTEGER NOT NULL,
    "dead_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayed_at" TIMESTAMPTZ(3),

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_record" (
    "principal" VARCHAR(64) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "request_hash" VARCHAR(64) NOT NULL,
    "status" INTEGER NOT NULL,
    "body" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_record_pkey" PRIMARY KEY ("principal","key")
);

-- CreateTable
CREATE TABLE "region" (
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "level" VARCHAR(10) NOT NULL,
    "parent_code" VARCHAR(12),
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "region_version" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" VARCHAR(12) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "parent_code" VARCHAR(12),
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "import_id" UUID NOT NULL,

    CONSTRAINT "region_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "region_import" (
    "id" UUID NOT NULL,
    "source" VARCHAR(300) NOT NULL,
    "scope" VARCHAR(12) NOT NULL,
    "effective_date" DATE NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "read" INTEGER NOT NULL DEFAULT 0,
    "added" INTEGER NOT NULL DEFAULT 0,
    "renamed" INTEGER NOT NULL DEFAULT 0,
    "moved" INTEGER NOT NULL DEFAULT 0,
    "ended" INTEGER NOT NULL DEFAULT 0,
    "reopened" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "region_import_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "station" (
    "id" UUID NOT NULL,
    "township_code" VARCHAR(9) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "address" VARCHAR(300),
    "contact_name" VARCHAR(50),
    "contact_phone" VARCHAR(30),
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "station_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "point" (
    "id" UUID NOT NULL,
    "station_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "address" VARCHAR(300),
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "point_village" (
    "point_id" UUID NOT NULL,
    "village_code" VARCHAR(12) NOT NULL,

    CONSTRAINT "point_village_pkey" PRIMARY KEY ("point_id","village_code")
);

-- CreateTable
CREATE TABLE "account" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "display_name" VARCHAR(100) NOT NULL,
    "phone_hash" VARCHAR(64),
    "phone_encrypted" TEXT,
    "client_id" VARCHAR(64),
    "secret_hash" TEXT NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'active',
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "role_grant" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "role" VARCHAR(32) NOT NULL,
    "region_code" VARCHAR(12),
    "organization_id" VARCHAR(64),
    "granted_by" UUID,
    "granted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_by" UUID,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "role_grant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_token" (
    "id" UUID NOT NULL,
    "family_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refresh_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_key" (
    "kid" VARCHAR(40) NOT NULL,
    "alg" VARCHAR(10) NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "private_key_encrypted" TEXT NOT NULL,
    "status" VARCHAR(10) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3),
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_key_pkey" PRIMARY KEY ("kid")
);

-- CreateTable
CREATE TABLE "revoked_token" (
    "jti" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "revoked_token_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" VARCHAR(64) NOT NULL,
    "target_type" VARCHAR(32),
    "target_id" VARCHAR(64),
    "ip" VARCHAR(64),
    "user_agent" VARCHAR(300),
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_member" (
    "id" UUID NOT NULL,
    "account_id" UUID,
    "display_name" VARCHAR(100) NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "station_id" UUID,
    "point_id" UUID,
    "employer" VARCHAR(200),
    "post_type" VARCHAR(16) NOT NULL,
    "status" VARCHAR(10) NOT NULL DEFAULT 'active',
    "joined_on" DATE NOT NULL,
    "left_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_certificate" (
    "id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "level" VARCHAR(16) NOT NULL,
    "number" VARCHAR(64) NOT NULL,
    "issued_on" DATE NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "post" (
    "id" UUID NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "station_id" UUID,
    "point_id" UUID,
    "post_type" VARCHAR(16) NOT NULL,
    "staff_id" UUID,
    "opened_on" DATE NOT NULL,
    "closed_on" DATE,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_session" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "mode" VARCHAR(10) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "region_code" VARCHAR(12) NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "place" VARCHAR(300),
    "trainer" VARCHAR(100),
    "status" VARCHAR(10) NOT NULL DEFAULT 'scheduled',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "training_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_enrolment" (
    "session_id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attended" BOOLEAN,
    "minutes" INTEGER,

    CONSTRAINT "training_enrolment_pkey" PRIMARY KEY ("session_id","staff_id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "source_event" UUID NOT NULL,
    "kind" VARCHAR(64) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" VARCHAR(2000),
    "link" VARCHAR(300),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outbox_event_sent_at_created_at_idx" ON "outbox_event"("sent_at", "created_at");

-- CreateIndex
CREATE INDEX "dead_letter_consumer_replayed_at_idx" ON "dead_letter"("consumer", "replayed_at");

-- CreateIndex
CREATE INDEX "idempotency_record_created_at_idx" ON "idempotency_record"("created_at");

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE INDEX "region_name_idx" ON "region"("name");

-- CreateIndex
CREATE INDEX "region_level_valid_to_idx" ON "region"("level", "valid_to");

-- CreateIndex
CREATE INDEX "region_version_code_valid_from_idx" ON "region_version"("code", "valid_from");

-- CreateIndex
CREATE INDEX "station_township_code_idx" ON "station"("township_code");

-- CreateIndex
CREATE INDEX "point_station_id_idx" ON "point"("station_id");

-- CreateIndex
CREATE INDEX "point_village_village_code_idx" ON "point_village"("village_code");

-- CreateIndex
CREATE UNIQUE INDEX "account_phone_hash_key" ON "account"("phone_hash");

-- CreateIndex
CREATE UNIQUE INDEX "account_client_id_key" ON "account"("client_id");

-- CreateIndex
CREATE INDEX "role_grant_account_id_revoked_at_idx" ON "role_grant"("account_id", "revoked_at");

-- CreateIndex
CREATE INDEX "role_grant_region_code_idx" ON "role_grant"("region_code");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_token_token_hash_key" ON "refresh_token"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_token_family_id_idx" ON "refresh_token"("family_id");

-- CreateIndex
CREATE INDEX "refresh_token_account_id_idx" ON "refresh_token"("account_id");

-- CreateIndex
CREATE INDEX "signing_key_status_idx" ON "signing_key"("status");

-- CreateIndex
CREATE INDEX "revoked_token_expires_at_idx" ON "revoked_token"("expires_at");

-- CreateIndex
CREATE INDEX "audit_entry_at_idx" ON "audit_entry"("at");

-- CreateIndex
CREATE INDEX "audit_entry_actor_id_at_idx" ON "audit_entry"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_entry_action_at_idx" ON "audit_entry"("action", "at");

-- CreateIndex
CREATE UNIQUE INDEX "staff_member_account_id_key" ON "staff_member"("account_id");

-- CreateIndex
CREATE INDEX "staff_member_region_code_idx" ON "staff_member"("region_code");

-- CreateIndex
CREATE INDEX "staff_certificate_staff_id_idx" ON "staff_certificate"("staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_certificate_level_number_key" ON "staff_certificate"("level", "number");

-- CreateIndex
CREATE UNIQUE INDEX "post_staff_id_key" ON "post"("staff_id");

-- CreateIndex
CREATE INDEX "post_region_code_idx" ON "post"("region_code");

-- CreateIndex
CREATE INDEX "training_session_region_code_starts_at_idx" ON "training_session"("region_code", "starts_at");

-- CreateIndex
CREATE INDEX "training_enrolment_staff_id_idx" ON "training_enrolment"("staff_id");

-- CreateIndex
CREATE INDEX "notification_account_id_read_at_created_at_idx" ON "notification"("account_id", "read_at", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_account_id_source_event_key" ON "notification"("account_id", "source_event");

-- AddForeignKey
ALTER TABLE "point" ADD CONSTRAINT "point_station_id_fkey" FOREIGN KEY ("station_id") REFERENCES "station"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "point_village" ADD CONSTRAINT "point_village_point_id_fkey" FOREIGN KEY ("point_id") REFERENCES "point"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "role_grant" ADD CONSTRAINT "role_grant_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_token" ADD CONSTRAINT "refresh_token_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_certificate" ADD CONSTRAINT "staff_certificate_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_enrolment" ADD CONSTRAINT "training_enrolment_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "training_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

