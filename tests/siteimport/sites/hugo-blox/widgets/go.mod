module github.com/wowchemy/starter-academic

go 1.15

require (
	github.com/wowchemy/wowchemy-hugo-modules/wowchemy v0.0.0-20210303111450-5529404d1942 // indirect
	github.com/wowchemy/wowchemy-hugo-modules/wowchemy-cms v0.0.0-20210303111450-5529404d1942 // indirect
)
