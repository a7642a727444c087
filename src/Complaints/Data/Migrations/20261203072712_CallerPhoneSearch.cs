using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StarPlatform.Complaints.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallerPhoneSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "caller_phone_hash",
                table: "complaints",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "caller_search_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    protected_key = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_caller_search_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_caller_phone_hash",
                table: "complaints",
                column: "caller_phone_hash");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "caller_search_keys");

            migrationBuilder.DropIndex(
                name: "ix_complaints_caller_phone_hash",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "caller_phone_hash",
                table: "complaints");
        }
    }
}
