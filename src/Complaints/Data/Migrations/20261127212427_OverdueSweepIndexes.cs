using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Complaints.Data.Migrations
{
    /// <inheritdoc />
    public partial class OverdueSweepIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_complaints_acknowledge_pending",
                table: "complaints",
                column: "acknowledge_due_at",
                filter: "status = 'received' AND acknowledge_overdue_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_conclude_pending",
                table: "complaints",
                column: "due_at",
                filter: "status IN ('received', 'assigned', 'investigating') AND conclude_overdue_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_complaints_acknowledge_pending",
                table: "complaints");

            migrationBuilder.DropIndex(
                name: "ix_complaints_conclude_pending",
                table: "complaints");
        }
    }
}
