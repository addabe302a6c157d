module github.com/HugoBlox/kit/templates/academic-cv

go 1.19

require (
	github.com/HugoBlox/kit/modules/integrations/netlify v0.0.0-20260102210655-66cba27dc652
	github.com/HugoBlox/kit/modules/blox v0.0.0-20260124040029-77f7678f08ac
	github.com/HugoBlox/kit/modules/slides v0.0.0-20260113153632-aa9edea5df2a
)
