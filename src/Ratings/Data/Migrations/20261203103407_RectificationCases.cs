using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Ratings.Data.Migrations
{
    /// <inheritdoc />
    public partial class RectificationCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rectification_cases",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    rating_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    transaction_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    service_item = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    level = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    real_name = table.Column<bool>(type: "boolean", nullable: false),
                    state = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    opened_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    callback_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rectify_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    called_back_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rater_reached = table.Column<bool>(type: "boolean", nullable: true),
                    callback_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    rectified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rectified = table.Column<bool>(type: "boolean", nullable: true),
                    rectification_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    fed_back_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    feedback_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_actor_id = table.Column<Guid>(type: "uuid", nullable: true),
                    callback_overdue_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rectify_overdue_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rectification_cases", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rectification_cases_callback_pending",
                table: "rectification_cases",
                column: "callback_due_at",
                filter: "state = 'awaiting-callback' AND callback_overdue_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_rectification_cases_rating_id",
                table: "rectification_cases",
                column: "rating_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rectification_cases_rectify_pending",
                table: "rectification_cases",
                column: "rectify_due_at",
                filter: "state IN ('awaiting-callback', 'rectifying') AND rectify_overdue_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_rectification_cases_unit_id_opened_at",
                table: "rectification_cases",
                columns: new[] { "unit_id", "opened_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rectification_cases");
        }
    }
}
