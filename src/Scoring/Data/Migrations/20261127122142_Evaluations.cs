using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StarPlatform.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class Evaluations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: false),
                    cycle_year = table.Column<int>(type: "integer", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    unit_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    unit_division_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    unit_parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    criteria_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    criteria_version = table.Column<int>(type: "integer", nullable: false),
                    filed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    filed_by = table.Column<Guid>(type: "uuid", nullable: false),
                    stage = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    evaluator_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    satisfaction_points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    creation_points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    panel_points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    total = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    stars = table.Column<int>(type: "integer", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by = table.Column<Guid>(type: "uuid", nullable: true),
                    decision_comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    materials = table.Column<string>(type: "jsonb", nullable: true),
                    vetoes = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_applications", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cycles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    application_opens_on = table.Column<DateOnly>(type: "date", nullable: false),
                    application_closes_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opened_by = table.Column<Guid>(type: "uuid", nullable: false),
                    criteria = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cycles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "evaluation_state",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    stage_rank = table.Column<int>(type: "integer", nullable: false),
                    vetoed = table.Column<bool>(type: "boolean", nullable: false),
                    veto_count = table.Column<int>(type: "integer", nullable: false),
                    vetoes_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    cycle_id = table.Column<Guid>(type: "uuid", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    review_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    scored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reported_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    stars = table.Column<int>(type: "integer", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_evaluation_state", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "panel_members",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    affiliated_unit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    affiliated_division_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_panel_members", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "score_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    subject = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    evaluator_id = table.Column<Guid>(type: "uuid", nullable: true),
                    item_number = table.Column<int>(type: "integer", nullable: true),
                    old_points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    new_points = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    old_veto_failed = table.Column<bool>(type: "boolean", nullable: true),
                    new_veto_failed = table.Column<bool>(type: "boolean", nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_score_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "score_sheets",
                columns: table => new
                {
                    application_id = table.Column<Guid>(type: "uuid", nullable: false),
                    evaluator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    panel_judgement = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    items = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_score_sheets", x => new { x.application_id, x.evaluator_id });
                });

            migrationBuilder.CreateTable(
                name: "unit_findings",
                columns: table => new
                {
                    complaint_id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_findings", x => new { x.complaint_id, x.source });
                });

            migrationBuilder.CreateIndex(
                name: "ix_applications_cycle_id_status",
                table: "applications",
                columns: new[] { "cycle_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_applications_cycle_id_unit_id",
                table: "applications",
                columns: new[] { "cycle_id", "unit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_applications_unit_id_cycle_year",
                table: "applications",
                columns: new[] { "unit_id", "cycle_year" });

            migrationBuilder.CreateIndex(
                name: "ix_cycles_year",
                table: "cycles",
                column: "year",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_score_changes_application_id_id",
                table: "score_changes",
                columns: new[] { "application_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_unit_findings_unit_id_year",
                table: "unit_findings",
                columns: new[] { "unit_id", "year" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "applications");

            migrationBuilder.DropTable(
                name: "cycles");

            migrationBuilder.DropTable(
                name: "evaluation_state");

            migrationBuilder.DropTable(
                name: "panel_members");

            migrationBuilder.DropTable(
                name: "score_changes");

            migrationBuilder.DropTable(
                name: "score_sheets");

            migrationBuilder.DropTable(
                name: "unit_findings");
        }
    }
}
